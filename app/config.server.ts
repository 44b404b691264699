/**
 * All configuration comes from the environment and is validated once, with zod, at start-up.
 * A bad value stops the process with a Chinese message naming the variable and what to set.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
// AI drafting (issue 16): the LLM_* variables, validated here with the rest
import { type LlmConfig, llmConfigFrom, llmEnvIssues, llmEnvSchema } from "~/features/ai-drafting/config";

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no"], {
    errorMap: () => ({ message: "只能是 0 或 1（也接受 true/false）" }),
  })
  .transform((v) => v === "1" || v === "true" || v === "yes");

const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .min(1, "不能为空")
    .refine((v) => !/^[a-z]+:\/\//i.test(v) || v.startsWith("file:"), "应为数据库文件路径，例如 ./data/jiedu.db")
    .default("./data/jiedu.db"),
  PORT: z.coerce
    .number({ invalid_type_error: "应为端口号数字" })
    .int("应为整数")
    .min(1, "端口号应在 1–65535 之间")
    .max(65535, "端口号应在 1–65535 之间")
    .default(3000),
  SESSION_SECRET: z.string().min(16, "至少 16 个字符").optional(),
  JIEDU_DEMO: flag.default("1"),
  MAX_UPLOAD_MB: z.coerce.number({ invalid_type_error: "应为数字（MB）" }).positive("应大于 0").max(500, "不超过 500").default(20),
  RENDER_POOL_SIZE: z.coerce.number({ invalid_type_error: "应为整数" }).int("应为整数").min(1, "至少 1").max(8, "不超过 8").default(2),
  /** frames per second of exported videos (30 for publishing; fewer for quick previews and tests) */
  VIDEO_FPS: z.coerce.number({ invalid_type_error: "应为整数" }).int("应为整数").min(1, "至少 1").max(60, "不超过 60").default(30),
  EXPORTS_DIR: z.string().min(1).default("./data/exports"),
  SITE_ID_CODE: z.string().max(40, "不超过 40 个字符").default("0000000000"),
  SITE_NAME: z.string().max(60, "不超过 60 个字符").default("示范区人民政府"),
  MIN_QA_COUNT: z.coerce.number({ invalid_type_error: "应为整数" }).int().min(0).max(50).default(3),
  // optional 待办 e-mail reminders (app/features/lifecycle/mail.server.ts); unset SMTP_HOST = in-app only
  SMTP_HOST: z.string().max(255).optional(),
  SMTP_PORT: z.coerce.number({ invalid_type_error: "应为端口号数字" }).int("应为整数").min(1, "端口号应在 1–65535 之间").max(65535, "端口号应在 1–65535 之间").default(587),
  SMTP_SECURE: flag.default("0"),
  SMTP_USER: z.string().max(255).optional(),
  SMTP_PASS: z.string().max(255).optional(),
  SMTP_FROM: z.string().max(255).default("解读工坊 <jiedu@localhost>"),
  APP_URL: z.string().url("应为网址，例如 https://jiedu.example.gov.cn").optional(),
});

/** The LLM_* variables, checked together (a base URL needs a model …). */
const llmSchema = llmEnvSchema.superRefine((env, ctx) => {
  for (const issue of llmEnvIssues(env)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [issue.path], message: issue.message });
});

export type AppConfig = Omit<z.infer<typeof configSchema>, "SESSION_SECRET" | "DATABASE_URL"> & {
  SESSION_SECRET: string;
  /** the on-premise model for AI drafting; null = off (LLM_BASE_URL unset) */
  llm: LlmConfig | null;
  /** absolute path of the SQLite file */
  DATABASE_PATH: string;
};

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const result = configSchema.safeParse(env);
  const llmResult = llmSchema.safeParse(env);
  if (!result.success || !llmResult.success) {
    const issues = [...(result.success ? [] : result.error.issues), ...(llmResult.success ? [] : llmResult.error.issues)];
    const lines = issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`配置有误，请修改以下环境变量后重试：\n${lines.join("\n")}`);
  }
  const { DATABASE_URL, SESSION_SECRET, ...rest } = result.data;
  const llm = llmConfigFrom(llmResult.data);
  const databasePath = resolve(DATABASE_URL.replace(/^file:/, ""));
  return { ...rest, llm, DATABASE_PATH: databasePath, SESSION_SECRET: SESSION_SECRET ?? persistentDevSecret(databasePath) };
}

/**
 * Without SESSION_SECRET, a random secret is kept next to the database so that sessions survive
 * a restart of the demo; a production deployment sets SESSION_SECRET.
 */
function persistentDevSecret(databasePath: string): string {
  const file = resolve(dirname(databasePath), ".session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: AppConfig | undefined;
export function getConfig(): AppConfig {
  cached ??= parseConfig();
  return cached;
}
