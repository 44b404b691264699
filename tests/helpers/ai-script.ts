/**
 * A scripted model's answers for the seeded 博山 notice (博政办字〔2020〕45号), one per draft task,
 * as a careful model would write them — except where a test needs a mistake: the Q&A about the
 * 试点领域 says "38个" (the document says 26个) and one answer cites a clause that does not exist.
 * Used by the e2e test and for trying the editor by hand (README: AI 起草 → 试用).
 */
import type { Suggestion } from "~/domain/ai-drafting/types";
import { type Script, type ScriptedReply, byTask, streamed } from "./openai-server";

const P = (text: string, ...clauses: string[][]) => ({ text, clauses });

export const BOSHAN_ANSWERS: Record<string, unknown> = {
  plan: {
    outline: ["一、为什么出台：落实省、市政务公开决策部署", "二、主要任务：四个方面的公开重点", "三、基层政务公开标准化规范化", "四、保障措施和时间安排"],
    forms: ["text", "qa", "chart", "graphic"],
    channels: ["web", "wechat"],
  },
  "sections.background": {
    paragraphs: [P("这份工作要点是为了落实省、市关于全面推进政务公开工作的决策部署，进一步规范政府信息管理，让群众更方便地了解政府在做什么。", ["附件1", "一、"])],
  },
  "sections.basis": { paragraphs: [P("要点依据省、市关于全面推进政务公开工作的决策部署制定。", ["附件1", "一、"])] },
  "sections.purpose": { paragraphs: [P("目的是拓展公开的广度和深度，推进决策、执行、管理、服务和结果全过程公开，提高政策知晓度。", ["附件1", "二、"])] },
  "sections.measures": {
    paragraphs: [
      P("一是聚焦中心工作和重点领域，围绕营商环境、疫情防控、“六稳”“六保”等加强信息公开和政策解读。", ["附件1", "二、", "（一）"]),
      P("二是推进行政决策、执行、管理、服务和结果全过程公开。", ["附件1", "二、", "（二）"]),
    ],
  },
  "sections.scope": { paragraphs: [P("要点适用于各镇人民政府、街道办事处、开发区管委会和区政府有关部门。", ["正文"])] },
  "sections.terms": { paragraphs: [] },
  "sections.comparison": { paragraphs: [] },
  qa: {
    items: [
      {
        question: "基层政务公开标准化规范化要覆盖多少个试点领域？",
        answer: "全区要在2020年年底前完成38个试点领域的标准目录编制，让群众办事查得到、看得懂。",
        clauses: [["附件1", "二、", "（三）", "8."]],
      },
      {
        question: "政府信息公开专栏怎么设置？",
        answer: "各单位要规范政府网站的政府信息公开专栏，统一设置并命名，方便群众查找。",
        clauses: [["附件1", "二、", "（三）", "9."]],
      },
      {
        question: "这份要点是依据什么制定的？",
        answer: "要点落实省、市关于全面推进政务公开工作的决策部署。",
        clauses: [["附件3", "九、"]],
      },
    ],
  },
  keyFigures: { items: [{ value: "26", unit: "个", label: "试点领域标准目录", clause: ["附件1", "二、", "（三）", "8."] }] },
  charts: {
    items: [
      {
        index: 0,
        title: "年底前完成标准目录编制",
        altText: "时间轴：2020年年底前，编制完成各镇办和各部门政务公开事项标准目录。",
        clauses: [["附件1", "二、", "（三）", "8."]],
      },
    ],
  },
  graphics: {
    items: [
      {
        index: 0,
        texts: { title: "数说博山2020年政务公开", "figures.0.label": "项重点工作", "figures.1.label": "个试点领域标准目录" },
        clauses: [["附件1", "二、"]],
      },
    ],
  },
};

/** The script: every task answers as above, streamed in small chunks a little apart. */
export function boshanScript(options: { chunk?: number; delayMs?: number; override?: Record<string, ScriptedReply> } = {}): Script {
  const replies: Record<string, ScriptedReply> = {};
  for (const [task, answer] of Object.entries(BOSHAN_ANSWERS)) replies[task] = streamed(answer, { chunk: options.chunk ?? 12, delayMs: options.delayMs ?? 8 });
  return byTask({ ...replies, ...(options.override ?? {}) });
}

/** A Q&A suggestion as the qa task builds it: the answer cites `clauses`. */
export function qaSuggestion(answer: string, clauses: string[][], question = "这项政策有什么具体要求？"): Suggestion {
  return {
    task: "qa",
    target: { kind: "qa" },
    title: "问答",
    parts: [
      { key: "question", label: "问题", text: question, multiline: false, maxLength: 200, group: "question", order: 0, field: "qa[0].question" },
      { key: "answer", label: "回答", text: answer, multiline: true, maxLength: 3000, group: "answer", order: 0, field: "qa[0].answer", prose: true, clauses },
    ],
  };
}
