import { z } from "zod";
import { CHANNEL_IDS } from "~/domain/vocabulary";

/** The export page's two buttons (field `intent`): start a new export, or retry a failed one. */
export const exportFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("start"),
    channels: z
      .array(z.enum(CHANNEL_IDS, { errorMap: () => ({ message: "请从列表中选择渠道" }) }), { required_error: "请至少选择一个渠道" })
      .min(1, "请至少选择一个渠道"),
  }),
  z.object({ intent: z.literal("retry"), jobId: z.coerce.number({ invalid_type_error: "导出记录编号不对，请刷新页面后重试" }).int().positive() }),
]);

export type ExportForm = z.infer<typeof exportFormSchema>;
