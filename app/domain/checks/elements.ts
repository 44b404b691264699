/**
 * 要素 check: does the interpretation cover the elements an interpretation must explain?
 *
 *   背景依据 · 目标任务 · 适用范围 · 执行标准 · 关键词/术语 — always (when required by the settings)
 *   新旧差异 — only when the document replaces or amends another (its text says so, or the
 *              workbench links a document it replaces)
 *   办事指引 — only when the document concerns services people apply for (申请/办理/窗口…)
 *
 * An element counts as covered when the package field made for it has text, or when the
 * interpretation's text anywhere says it in the words interpretations use (a plain-text
 * interpretation has no fields). The test is generous on purpose: a warning must mean the element
 * is really missing, so a reviewer never learns to click it away. Each missing element is its own
 * warning, naming it and pointing at a field of its own to write it in — so a reviewer's
 * confirmation ("not applicable here") covers that element only, never one that goes missing later.
 */
import type { Finding, InterpretationText } from "./types";

export const ELEMENT_IDS = ["background", "goals", "scope", "standards", "terms", "comparison", "guide"] as const;
export type ElementId = (typeof ELEMENT_IDS)[number];

export const ELEMENT_LABELS: Record<ElementId, string> = {
  background: "背景依据",
  goals: "目标任务",
  scope: "适用范围",
  standards: "执行标准",
  terms: "关键词/术语",
  comparison: "新旧差异",
  guide: "办事指引",
};

/** settings key of the required elements (a list of ElementId) */
export const DEFAULT_REQUIRED_ELEMENTS: readonly ElementId[] = ELEMENT_IDS;

type ElementRule = {
  /** package fields written for the element */
  fields: string[];
  /** how interpretations say it in prose */
  words: RegExp;
  /** where to write it when it is missing */
  target: string;
  hint: string;
};

const RULES: Record<ElementId, ElementRule> = {
  background: {
    fields: ["sections.background", "sections.basis"],
    words: /背景|依据|缘由|为什么(?:要)?(?:出台|制定|印发|调整)|出台(?:的)?(?:原因|考虑)|根据《/,
    target: "sections.background",
    hint: "写明起草背景和制定依据",
  },
  goals: {
    fields: ["sections.purpose", "sections.measures", "sections.mainContent"],
    words: /目标|任务|主要内容|重点|举措|措施|目的/,
    target: "sections.purpose",
    hint: "写明出台目的和主要任务",
  },
  scope: {
    fields: [],
    words: /适用|对象|范围|面向|针对|惠及|享受|符合条件|哪些|谁(?:可以|能)/,
    target: "sections.scope",
    hint: "写明适用于哪些单位、人群或事项",
  },
  standards: {
    fields: [],
    words: /标准|施行|执行|实施|有效期|期限|时间节点|[月年日]底?前|条件|要求/,
    target: "sections.measures",
    hint: "写明执行的标准、条件和施行时间",
  },
  terms: {
    fields: ["sections.terms"],
    words: /术语|名词解释|关键词|是指|指的是|所称|释义|含义|概念|简称|即“/,
    target: "sections.terms",
    hint: "在“术语释义”中解释文件中的关键词和专业术语",
  },
  comparison: {
    fields: ["sections.comparison"],
    words: /新旧|变化|调整|相比|对比|比原|原(?:来|有|标准|政策|规定|办法)|修订|变动|不再|取消|由[^。；]{0,30}(?:提高|调整|降低|增加|减少|改为|提升|放宽)/,
    target: "sections.comparison",
    hint: "在“新旧对比”中说明与被替代文件相比有哪些变化",
  },
  guide: {
    fields: [],
    words: /办理|申请|申报|咨询|窗口|电话|热线|流程|指引|渠道|网站|网上|线上|服务大厅|材料|小程序|登录|领取|一卡通|拨打|受理/,
    target: "qa",
    hint: "用问答说明到哪里、怎样申请办理，以及咨询电话或窗口",
  },
};

/**
 * The document replaces or amends an earlier one, in its own words. (“对照新修订的《条例》” cites an
 * amended law; it does not replace anything — not matched.)
 */
const REPLACES = /(?:同时|一并|予以|自行)废止|不再执行|停止执行|同时失效|(?:代替|替代|取代)[《“]|原[《“][^》”]{2,60}[》”](?:同时)?(?:废止|失效|停止)|此前[^。]{0,40}与本[^。]{0,10}不一致的/;
/** The document concerns services people or firms apply for. */
const SERVICES = /申请|申报|办理|受理|窗口|咨询电话|服务热线|审批|领取|发放到/;

export type ElementsOptions = {
  required: readonly ElementId[];
  /** the document's text, for the two conditional elements (null: they are not checked) */
  documentText: string | null;
  /** the workbench links a document this one replaces */
  replacesAnother?: boolean;
};

function covered(input: InterpretationText, rule: ElementRule): boolean {
  if (rule.fields.some((f) => input.segments.some((s) => s.field === f && s.end > s.start))) return true;
  return rule.words.test(input.text);
}

/** The elements that apply to this document (required and, for the conditional two, relevant). */
export function applicableElements(options: ElementsOptions): ElementId[] {
  return options.required.filter((id) => {
    if (id === "comparison") return options.replacesAnother === true || (options.documentText !== null && REPLACES.test(options.documentText));
    if (id === "guide") return options.documentText !== null && SERVICES.test(options.documentText);
    return true;
  });
}

export function missingElements(input: InterpretationText, options: ElementsOptions): ElementId[] {
  return applicableElements(options).filter((id) => !covered(input, RULES[id]));
}

export function checkElements(input: InterpretationText, options: ElementsOptions): Finding[] {
  if (input.text.trim() === "") return [];
  const isPackage = input.segments.some((s) => s.field.startsWith("sections."));
  return missingElements(input, options).map((id) => ({
    rule: "elements.missing",
    severity: "warning" as const,
    message: `解读缺少要素“${ELEMENT_LABELS[id]}”：请${RULES[id].hint}；确实不适用的，由审核人确认。`,
    excerpt: "",
    offset: 0,
    expected: null,
    field: isPackage ? RULES[id].target : (input.segments[0]?.field ?? "text"),
  }));
}
