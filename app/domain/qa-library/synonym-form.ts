/** The 问答同义词 form: the whole list as text, checked line by line (parseSynonymLines) on the client and in the action. */
import { z } from "zod";
import { parseSynonymLines } from "./retrieval";

export const synonymFormSchema = z.object({
  synonyms: z
    .string()
    .max(20_000, "同义词表太长，请删去不常用的几行后再保存。")
    .optional()
    .superRefine((v, ctx) => {
      const parsed = parseSynonymLines(v ?? "");
      if (!parsed.ok) for (const message of parsed.errors) ctx.addIssue({ code: "custom", message });
    })
    .transform((v) => v ?? ""),
});
