import { z } from "zod";
import { SETTING_BOUNDS, isWeekend, parseDateLines, weekdayName } from "~/domain/admin-settings";
import { wordRuleRegExp } from "~/domain/checks/words";
import { GATES, ROLES } from "~/domain/vocabulary";

export const createDepartmentSchema = z.object({
  intent: z.literal("createDepartment"),
  name: z.string({ required_error: "请填写单位名称" }).trim().min(2, "请填写单位名称").max(60, "单位名称不超过 60 个字符"),
  code: z
    .string({ required_error: "请填写单位代码" })
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, "单位代码为 2–20 位小写字母、数字或连字符，以字母开头"),
  kind: z.enum(["drafting", "office"], { errorMap: () => ({ message: "请选择单位类型" }) }),
});

export const createUserSchema = z.object({
  intent: z.literal("createUser"),
  username: z
    .string({ required_error: "请填写用户名" })
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,32}$/, "用户名为 2–32 位字母、数字、下划线、点或连字符"),
  displayName: z.string({ required_error: "请填写姓名" }).trim().min(1, "请填写姓名").max(40, "姓名不超过 40 个字符"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "请选择角色" }) }),
  departmentId: z.coerce.number({ invalid_type_error: "请选择单位" }).int().positive("请选择单位"),
  password: z.string({ required_error: "请设置初始密码" }).min(8, "密码至少 8 位").max(128, "密码不超过 128 位"),
  /** optional: where the 待办 reminders go when SMTP is configured */
  email: z.string().trim().max(120, "电子邮箱不超过 120 个字符").email("电子邮箱格式不正确，例如 wang@example.gov.cn").optional(),
});

export const setUserActiveSchema = z.object({
  intent: z.literal("setUserActive"),
  userId: z.coerce.number().int().positive(),
  active: z.enum(["0", "1"]).transform((v) => v === "1"),
});

export const assignGateSchema = z.object({
  intent: z.literal("assignGate"),
  departmentId: z.coerce.number().int().positive(),
  gate: z.enum(GATES),
  reviewerId: z.coerce.number({ invalid_type_error: "请选择审核人" }).int().positive("请选择审核人"),
});

export const adminActionSchema = z.discriminatedUnion("intent", [
  createDepartmentSchema,
  createUserSchema,
  setUserActiveSchema,
  assignGateSchema,
]);

// ---------------------------------------------------------------------------------------------
// 审校 word lists (table word_rules)

export const WORD_RULE_LIMITS = { wrong: 30, right: 30, followedBy: 300, note: 100 } as const;

/** Quantified group that itself contains a quantifier: (a+)+, (\d*)*, (x{1,}){2,} … */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;
const CHARACTER_CLASS = /\[(?:[^\]\\]|\\.)*\]/g;

function regExpErrorInChinese(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (/Unterminated group|missing \)/i.test(message)) return "有未闭合的圆括号";
  if (/Unmatched '\)'|unmatched \)/i.test(message)) return "多了一个右圆括号";
  if (/Unterminated character class/i.test(message)) return "有未闭合的方括号";
  if (/Nothing to repeat/i.test(message)) return "量词（* + ? {n}）前面没有可重复的内容";
  if (/\\ at end of pattern/i.test(message)) return "结尾多了一个反斜杠";
  if (/numbers out of order/i.test(message)) return "{m,n} 中 m 大于 n";
  if (/Invalid group/i.test(message)) return "分组写法不正确";
  return "写法不符合正则表达式语法";
}

/**
 * Why a `followedBy` context cannot be used, or null. It must compile on its own (so it cannot
 * close the lookahead and add an alternative, as in `x)|(y`), compile inside the rule's search
 * expression exactly as the checks build it, and not nest quantifiers — the classic shape of
 * catastrophic backtracking. The server also runs it against long probe texts with a time limit
 * (app/features/checks/word-rules.server.ts), which this pure check cannot do.
 */
export function followedByProblem(wrong: string, followedBy: string): string | null {
  if (followedBy.length > WORD_RULE_LIMITS.followedBy) return `后接条件不超过 ${WORD_RULE_LIMITS.followedBy} 个字符，请简化。`;
  try {
    new RegExp(followedBy);
    wordRuleRegExp({ wrong: wrong || "词", followedBy });
  } catch (error) {
    return `后接条件不是有效的正则表达式：${regExpErrorInChinese(error)}。请修改后再保存。`;
  }
  if (NESTED_QUANTIFIER.test(followedBy.replace(CHARACTER_CLASS, "x")))
    return "后接条件含有嵌套重复（如 (a+)+），检查长文本时可能极慢，请改写为不嵌套的形式。";
  return null;
}

/** A required one-line text of at most `max` characters, with messages naming the field. */
function oneLine(label: string, max: number) {
  return z
    .string({ required_error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字符`)
    .refine((s) => !/[\r\n]/.test(s), `${label}不能换行`);
}

const wordRuleFields = {
  wrong: oneLine("错误写法", WORD_RULE_LIMITS.wrong),
  right: oneLine("正确写法", WORD_RULE_LIMITS.right),
  followedBy: z.string().trim().optional(),
  severity: z.enum(["error", "warning"], { errorMap: () => ({ message: "请选择级别" }) }),
  note: z.string().trim().max(WORD_RULE_LIMITS.note, `说明不超过 ${WORD_RULE_LIMITS.note} 个字符`).optional(),
  /** empty = global (all departments) */
  departmentId: z.number({ invalid_type_error: "请选择适用单位" }).int().positive("请选择适用单位").optional(),
};

export const wordRuleSchema = z
  .object({
    intent: z.enum(["createWordRule", "updateWordRule"]),
    // not "id": a form control named id would shadow the form element's own id property
    ruleId: z.number().int().positive().optional(),
    ...wordRuleFields,
  })
  .superRefine((v, ctx) => {
    if (v.intent === "updateWordRule" && v.ruleId === undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "没有指明要修改的规则，请刷新页面后重试。" });
    if (v.wrong && v.right && v.wrong === v.right)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["right"], message: "正确写法与错误写法相同，请修改其中之一。" });
    if (v.followedBy) {
      const problem = followedByProblem(v.wrong, v.followedBy);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["followedBy"], message: problem });
    }
  });
export type WordRuleInput = z.infer<typeof wordRuleSchema>;

export const deleteWordRuleSchema = z.object({
  intent: z.literal("deleteWordRule"),
  ruleId: z.number().int().positive(),
});

// ---------------------------------------------------------------------------------------------
// Settings (table settings), one form per group

const { maxLagWorkingDays, qaMinCount, warnSharePercent, exportKeepJobs } = SETTING_BOUNDS;

export const calendarSettingsSchema = z
  .object({
    intent: z.literal("calendarSettings"),
    holidays: z.string().optional(),
    workdays: z.string().optional(),
    maxLagWorkingDays: z
      .number({ required_error: "请填写最长滞后工作日数", invalid_type_error: "最长滞后工作日数应为整数" })
      .int("最长滞后工作日数应为整数")
      .min(maxLagWorkingDays.min, `最长滞后工作日数在 ${maxLagWorkingDays.min}–${maxLagWorkingDays.max} 之间`)
      .max(maxLagWorkingDays.max, `最长滞后工作日数在 ${maxLagWorkingDays.min}–${maxLagWorkingDays.max} 之间`),
  })
  .transform((v, ctx) => {
    const holidays = parseDateLines(v.holidays ?? "", "节假日");
    const workdays = parseDateLines(v.workdays ?? "", "调休上班日");
    if (!holidays.ok) for (const message of holidays.errors) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["holidays"], message });
    if (!workdays.ok) for (const message of workdays.errors) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["workdays"], message });
    if (!holidays.ok || !workdays.ok) return z.NEVER;
    const both = workdays.dates.filter((d) => holidays.dates.includes(d));
    if (both.length)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["workdays"],
        message: `${both.slice(0, 3).join("、")}${both.length > 3 ? " 等" : ""}同时列在节假日和调休上班日中，请只保留一处。`,
      });
    const weekdays = workdays.dates.filter((d) => !isWeekend(d));
    if (weekdays.length)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["workdays"],
        message: `${weekdays
          .slice(0, 3)
          .map((d) => `${d}（${weekdayName(d)}）`)
          .join("、")}本来就是工作日；调休上班日只填需要上班的周六、周日。`,
      });
    if (both.length || weekdays.length) return z.NEVER;
    return { intent: v.intent, holidays: holidays.dates, workdays: workdays.dates, maxLagWorkingDays: v.maxLagWorkingDays };
  });

export const packageSettingsSchema = z.object({
  intent: z.literal("packageSettings"),
  qaMinCount: z
    .number({ required_error: "请填写简明问答最少条数", invalid_type_error: "简明问答最少条数应为整数" })
    .int("简明问答最少条数应为整数")
    .min(qaMinCount.min, `简明问答最少条数在 ${qaMinCount.min}–${qaMinCount.max} 之间`)
    .max(qaMinCount.max, `简明问答最少条数在 ${qaMinCount.min}–${qaMinCount.max} 之间`),
  warnSharePercent: z
    .number({ required_error: "请填写摘抄提醒比例", invalid_type_error: "摘抄提醒比例应为整数百分比，如 50" })
    .int("摘抄提醒比例应为整数百分比，如 50")
    .min(warnSharePercent.min, `摘抄提醒比例在 ${warnSharePercent.min}%–${warnSharePercent.max}% 之间`)
    .max(warnSharePercent.max, `摘抄提醒比例在 ${warnSharePercent.min}%–${warnSharePercent.max}% 之间`),
  exportKeepJobs: z
    .number({ required_error: "请填写保留最近导出次数", invalid_type_error: "保留最近导出次数应为整数，如 3" })
    .int("保留最近导出次数应为整数，如 3")
    .min(exportKeepJobs.min, `保留最近导出次数在 ${exportKeepJobs.min}–${exportKeepJobs.max} 之间`)
    .max(exportKeepJobs.max, `保留最近导出次数在 ${exportKeepJobs.min}–${exportKeepJobs.max} 之间`),
});
