/**
 * 新建文件 — the two forms of document intake, shared by the browser (instant validation) and the
 * route action:
 *   1. `analyze`: a file (.docx/.pdf/.txt) or pasted text → the review screen;
 *   2. `save`: the reviewed metadata plus the source text carried over from step 1 (a hidden
 *      field, bounded by MAX_SOURCE_CHARS) → the document is created.
 */
import { z } from "zod";
import { documentMetaSchema } from "./document-meta";

/** The longest document (characters, about 130 pages of 公文): intake refuses longer text with a message, so every page stays fast (README: limits). */
export const MAX_SOURCE_CHARS = 200_000;

export const ACCEPTED_EXTENSIONS = ["docx", "pdf", "txt"] as const;
export const ACCEPT_ATTRIBUTE =
  ".docx,.pdf,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf,text/plain";

export const PUBLICITY_OPTIONS = ["主动公开", "依申请公开", "不予公开"] as const;
export type PublicityOption = (typeof PUBLICITY_OPTIONS)[number];

export const SOURCE_FORMATS = ["txt", "docx", "pdf", "paste"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

const isAccepted = (ext: string): ext is (typeof ACCEPTED_EXTENSIONS)[number] =>
  (ACCEPTED_EXTENSIONS as readonly string[]).includes(ext);

const sourceTextMessage = `文字超过 ${MAX_SOURCE_CHARS / 10_000} 万字（${MAX_SOURCE_CHARS.toLocaleString("zh-CN")} 个字符），请拆分成几个文件分别新建。`;

/**
 * Text up to the length limit, counted with one character per line break: a browser sends a
 * textarea's line breaks as CRLF, so the server would otherwise count more than the officer sees.
 */
const boundedText = () =>
  z.preprocess((v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v), z.string().max(MAX_SOURCE_CHARS, sourceTextMessage));

/**
 * Step 1. `maxBytes` is the configured upload limit (MAX_UPLOAD_MB), so the browser refuses an
 * oversized file before sending it; the server checks again while reading the body.
 */
export function analyzeIntakeSchema(maxBytes: number) {
  return z
    .object({
      intent: z.literal("analyze"),
      file: z.instanceof(File).optional(),
      pastedText: boundedText().optional(),
    })
    .superRefine((value, ctx) => {
      const { file, pastedText } = value;
      const hasText = Boolean(pastedText?.trim());
      if (!file && !hasText) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: "请选择要上传的公文文件，或在下方粘贴公文全文。" });
        return;
      }
      if (file && hasText) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [],
          message: "请只选一种方式：上传文件，或粘贴全文。如要使用粘贴的文字，请先清除所选文件。",
        });
        return;
      }
      if (!file) return;
      const ext = extensionOf(file.name);
      if (ext && !isAccepted(ext)) {
        const hint = ext === "doc" || ext === "wps" ? "请在 Word 或 WPS 中“另存为”.docx 后再上传。" : "请上传 .docx、.pdf 或 .txt 格式的公文。";
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["file"], message: `不支持 .${ext} 格式的文件。${hint}` });
      } else if (file.size > maxBytes) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["file"],
          message: `文件“${file.name}”大小为 ${formatMegabytes(file.size)}，超过上限 ${formatMegabytes(maxBytes)}。请压缩图片、拆分文件，或直接粘贴正文后再试。`,
        });
      }
    });
}

export type AnalyzeIntakeForm = z.infer<ReturnType<typeof analyzeIntakeSchema>>;

/** 主送机关 as typed: one per line, or separated by 、，, ; . */
export function splitRecipients(raw: string | undefined | null): string[] {
  if (!raw) return [];
  return raw
    .split(/[\n、，,；;]+/)
    .map((s) => s.trim().replace(/[：:]$/, ""))
    .filter((s) => s.length > 0);
}

const meta = documentMetaSchema.shape;

/** Step 2: the reviewed metadata; the structure is re-derived on the server from `sourceText`. */
export const saveIntakeSchema = z.object({
  intent: z.literal("save"),
  reviewId: z.string().max(64).optional(),
  sourceText: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v),
    z
      .string({ required_error: "没有收到公文全文，请返回第一步重新上传或粘贴。" })
      .max(MAX_SOURCE_CHARS, sourceTextMessage)
      .refine((t) => t.trim().length > 0, "没有收到公文全文，请返回第一步重新上传或粘贴。"),
  ),
  sourceName: z.string().max(255).optional(),
  sourceFormat: z.enum(SOURCE_FORMATS).default("paste"),
  title: meta.title,
  docNumber: meta.docNumber,
  issuer: meta.issuer,
  recipients: z
    .string()
    .max(2000, "主送机关不超过 2000 个字符")
    .optional()
    .transform((v) => splitRecipients(v)),
  writtenDate: meta.writtenDate,
  publicity: z.enum(PUBLICITY_OPTIONS, { errorMap: () => ({ message: "请选择公开属性" }) }),
  topic: meta.topic,
});

export type SaveIntakeForm = z.infer<typeof saveIntakeSchema>;
