import { z } from "zod";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不超过 ${max} 个字符`)
    .optional()
    .transform((v) => (v ? v : null));

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), `${label}应为有效日期，如 2020-08-06`)
    .transform((v) => (v ? v : null));

/** 新建/修改文件 — the document's metadata; the text itself comes from intake. */
export const documentMetaSchema = z.object({
  title: z.string({ required_error: "请填写标题" }).trim().min(2, "请填写标题").max(300, "标题不超过 300 个字符"),
  docNumber: optionalText(60, "文号"),
  issuer: optionalText(120, "发文机关"),
  writtenDate: isoDate("成文日期"),
  releaseDate: isoDate("发布日期"),
  topic: optionalText(60, "主题分类"),
});

export type DocumentMetaForm = z.infer<typeof documentMetaSchema>;

/** States in which the drafting department may still change the document. */
export const EDITABLE_STATES = ["drafting", "returned", "correcting"] as const;
