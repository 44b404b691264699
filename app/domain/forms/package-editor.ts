/**
 * The package editor's forms — one schema per intent, shared by the client (instant
 * validation before an autosave is sent) and the action. The package content travels as one
 * JSON field validated by `storedPackageContentSchema` (before and after sanitising); error paths
 * come back as `content.qa[0].answer`, which the editor maps onto its inputs.
 */
import { z } from "zod";
import { storedPackageContentSchema } from "~/domain/package/schema";

const id = (label: string) => z.coerce.number({ invalid_type_error: `${label}无效，请刷新页面后重试` }).int().positive(`${label}无效，请刷新页面后重试`);

export const MAX_CONTENT_CHARS = 3_000_000;

const contentField = z
  .string({ required_error: "缺少解读材料内容，请刷新页面后重试" })
  .max(MAX_CONTENT_CHARS, "解读材料内容过大，请删减后再保存")
  .transform((raw, ctx): unknown => {
    try {
      const parsed: unknown = JSON.parse(raw);
      return parsed;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "内容格式有误，请刷新页面后重试" });
      return z.NEVER;
    }
  })
  .pipe(storedPackageContentSchema);

export const savePackageSchema = z.object({
  intent: z.literal("save"),
  packageId: id("解读材料编号"),
  version: id("版本号"),
  autosave: z.enum(["0", "1"]).default("0"),
  content: contentField,
});

export const applySuggestionsSchema = z.object({
  intent: z.literal("applySuggestions"),
  packageId: id("解读材料编号"),
  version: id("版本号"),
  overwrite: z.enum(["0", "1"]).default("0"),
  /** the form's current (possibly unsaved) content; the stored one when absent */
  content: contentField.optional(),
});

export const restoreRevisionSchema = z.object({
  intent: z.literal("restore"),
  packageId: id("解读材料编号"),
  version: id("版本号"),
  revisionId: id("历史版本编号"),
});

export const packageEditorActionSchema = z.discriminatedUnion("intent", [savePackageSchema, applySuggestionsSchema]);

export const graphicPreviewSchema = z.object({
  templateId: z.string().max(40),
  slots: z
    .string()
    .max(100_000, "图解内容过多，请精简")
    .transform((raw, ctx): unknown => {
      try {
        const parsed: unknown = JSON.parse(raw);
        return parsed;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "图解内容格式有误" });
        return z.NEVER;
      }
    }),
});
