import { z } from "zod";
import { FOLLOW_UP_KINDS, GATES } from "~/domain/vocabulary";

const reason = (label: string) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(2000, `${label}不超过 2000 个字`);

const optionalOpinion = z
  .string()
  .trim()
  .max(2000, "意见不超过 2000 个字")
  .optional()
  .transform((v) => v ?? "");

/** Every button of the review page posts one of these (field `intent`). */
export const workflowFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit") }),
  z.object({
    intent: z.literal("verdict"),
    gate: z.enum(GATES, { errorMap: () => ({ message: "请选择审核关" }) }),
    verdict: z.enum(["pass", "return"], { errorMap: () => ({ message: "请选择“通过”或“退回”" }) }),
    opinion: optionalOpinion,
  }),
  z.object({ intent: z.literal("acknowledge"), key: z.string().min(1).max(100), note: z.string().trim().max(500).optional() }),
  z.object({ intent: z.literal("sign"), opinion: optionalOpinion }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("withdraw"), reason: reason("撤回原因") }),
  z.object({ intent: z.literal("correct"), reason: reason("更正原因") }),
  z.object({ intent: z.literal("decideNoInterpretation"), reason: reason("无需解读的理由") }),
  z.object({
    intent: z.literal("followUp"),
    kind: z.enum(FOLLOW_UP_KINDS, { errorMap: () => ({ message: "请选择解读类型：跟踪解读、二次解读或问答更新" }) }),
    title: z.string({ required_error: "请填写这次解读的标题" }).trim().min(1, "请填写这次解读的标题").max(60, "标题不超过 60 个字"),
    reason: optionalOpinion,
  }),
  z.object({ intent: z.literal("retryExport") }),
]).superRefine((v, ctx) => {
  if (v.intent === "verdict" && v.verdict === "return" && !v.opinion) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["opinion"], message: "退回时请填写审核意见，说明需要修改什么" });
  }
});

export type WorkflowForm = z.infer<typeof workflowFormSchema>;
