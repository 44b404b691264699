/**
 * The on-premise model's configuration: environment variables, validated with zod at start-up
 * together with the rest (app/config.server.ts). Unset LLM_BASE_URL = the feature is off: no AI
 * button anywhere, the drafting routes answer 404.
 *
 * LLM_BASE_URL is an OpenAI-compatible API root: http://10.0.0.5:8000/v1 (vLLM),
 * http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:1234/v1 (LM Studio), a vendor gateway.
 * A bare origin gets /v1. Requests go to <base>/chat/completions and nowhere else.
 */
import { z } from "zod";

const unsetWhenEmpty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const seconds = (min: number, max: number, fallback: number) =>
  z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .number({ invalid_type_error: "应为秒数" })
      .min(min, `应在 ${min}–${max} 秒之间`)
      .max(max, `应在 ${min}–${max} 秒之间`)
      .default(fallback),
  );

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .number({ invalid_type_error: "应为整数" })
      .int("应为整数")
      .min(min, `应在 ${min}–${max} 之间`)
      .max(max, `应在 ${min}–${max} 之间`)
      .default(fallback),
  );

export const llmEnvSchema = z.object({
  LLM_BASE_URL: z.preprocess(unsetWhenEmpty, z.string().trim().max(500, "不超过 500 个字符").optional()),
  LLM_MODEL: z.preprocess(unsetWhenEmpty, z.string().trim().max(200, "不超过 200 个字符").optional()),
  LLM_API_KEY: z.preprocess(unsetWhenEmpty, z.string().trim().max(4096, "不超过 4096 个字符").optional()),
  /** until the response headers arrive */
  LLM_CONNECT_TIMEOUT_S: seconds(1, 300, 20),
  /** between two chunks of the stream (a reasoning model may think for a while) */
  LLM_IDLE_TIMEOUT_S: seconds(5, 900, 90),
  LLM_MAX_RETRIES: integer(0, 5, 2),
  LLM_USER_REQUESTS_PER_HOUR: integer(1, 10_000, 120),
  LLM_MAX_PROMPT_CHARS: integer(2_000, 400_000, 16_000),
  LLM_RESPONSE_FORMAT: z.preprocess(
    unsetWhenEmpty,
    z.enum(["none", "json_object"], { errorMap: () => ({ message: "只能是 none 或 json_object" }) }).default("none"),
  ),
});

export type LlmEnv = z.infer<typeof llmEnvSchema>;

export type LlmConfig = {
  /** the API root, normalised, without a trailing slash: http://10.0.0.5:8000/v1 */
  baseUrl: string;
  /** the one URL requests are sent to */
  endpoint: string;
  model: string;
  apiKey: string | null;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
  userRequestsPerHour: number;
  maxPromptChars: number;
  responseFormat: "none" | "json_object";
};

/** Problems with the LLM_* variables, as {variable, Chinese message}; empty when fine. */
export function llmEnvIssues(env: LlmEnv): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (!env.LLM_BASE_URL) {
    if (env.LLM_MODEL) issues.push({ path: "LLM_MODEL", message: "设置了模型但没有设置 LLM_BASE_URL：请同时设置模型服务地址，或删去 LLM_MODEL 以关闭 AI 起草" });
    if (env.LLM_API_KEY) issues.push({ path: "LLM_API_KEY", message: "设置了密钥但没有设置 LLM_BASE_URL：请同时设置模型服务地址" });
    return issues;
  }
  const url = parseBase(env.LLM_BASE_URL);
  if (typeof url === "string") issues.push({ path: "LLM_BASE_URL", message: url });
  if (!env.LLM_MODEL) issues.push({ path: "LLM_MODEL", message: "设置了 LLM_BASE_URL 时必须设置模型名称，例如 qwen2.5-72b-instruct 或 deepseek-r1" });
  return issues;
}

/** The normalised API root, or a Chinese reason it is not one. */
function parseBase(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "应为模型服务的地址，例如 http://10.0.0.5:8000/v1";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "只支持 http:// 或 https:// 地址";
  if (url.username || url.password) return "地址中不能包含用户名或密码，密钥请放在 LLM_API_KEY 中";
  if (url.search || url.hash) return "地址中不能包含 ? 或 # 之后的部分";
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/v1";
  url.pathname = url.pathname.replace(/\/+$/, "");
  if (/\/chat\/completions$/.test(url.pathname)) url.pathname = url.pathname.replace(/\/chat\/completions$/, "");
  return url;
}

/** The model configuration, or null when AI drafting is off. Call after llmEnvIssues found nothing. */
export function llmConfigFrom(env: LlmEnv): LlmConfig | null {
  if (!env.LLM_BASE_URL || !env.LLM_MODEL) return null;
  const url = parseBase(env.LLM_BASE_URL);
  if (typeof url === "string") return null;
  const baseUrl = url.toString().replace(/\/+$/, "");
  return {
    baseUrl,
    endpoint: `${baseUrl}/chat/completions`,
    model: env.LLM_MODEL,
    apiKey: env.LLM_API_KEY ?? null,
    connectTimeoutMs: env.LLM_CONNECT_TIMEOUT_S * 1000,
    idleTimeoutMs: env.LLM_IDLE_TIMEOUT_S * 1000,
    maxRetries: env.LLM_MAX_RETRIES,
    userRequestsPerHour: env.LLM_USER_REQUESTS_PER_HOUR,
    maxPromptChars: env.LLM_MAX_PROMPT_CHARS,
    responseFormat: env.LLM_RESPONSE_FORMAT,
  };
}

/** What the settings page shows: where the document text goes (never the key). */
export function describeLlm(config: LlmConfig | null): { enabled: false } | { enabled: true; endpoint: string; host: string; model: string; keySet: boolean } {
  if (!config) return { enabled: false };
  return { enabled: true, endpoint: config.endpoint, host: new URL(config.endpoint).host, model: config.model, keySet: config.apiKey !== null };
}
