/**
 * A package that meets the submission rules (F9: the five required sections and three real
 * Q&A), for tests that drive the workflow and care about something else. The texts are about
 * 政务公开 in general and carry no figures, so 审校 finds nothing in them against either fixture.
 */
import { type PackageContent, type QaContent, emptyPackageContent } from "~/domain/package/content";

export const COMPLETE_SECTIONS: PackageContent["sections"] = {
  background: "<p>群众希望更方便地找到、看懂政府信息，区里据此部署今年的政务公开工作。</p>",
  basis: "<p>依据政府信息公开条例和上级关于政务公开的部署。</p>",
  purpose: "<p>让企业和群众看得到、听得懂、能监督。</p>",
  measures: "<p>编制公开事项目录，办好政策解读专栏，做好依申请公开答复。</p>",
  scope: "<p>适用于区政府各部门和各镇街，自印发之日起施行。</p>",
  terms: "<p>依申请公开：是指公民、法人或者其他组织向行政机关申请获取政府信息，行政机关依法答复。</p>",
};

const FILLER_QA: QaContent[] = [
  { question: "谁来落实这些工作？", answer: "各部门按职责分工落实，政务公开办统筹协调。", clauseRefs: [] },
  { question: "群众在哪里查看公开的信息？", answer: "在区政府网站的政务公开专栏查看，也可以到政务服务大厅查询。", clauseRefs: [] },
  { question: "政策解读有什么要求？", answer: "坚持谁起草谁解读，文件和解读同步发布。", clauseRefs: [] },
];

/** `over` merged into complete sections; its Q&A first, topped up to three real ones. */
export function completeContent(over: Partial<PackageContent> = {}): PackageContent {
  const qa = [...(over.qa ?? [])];
  for (const filler of FILLER_QA) if (qa.length < 3) qa.push(filler);
  return { ...emptyPackageContent(), ...over, sections: { ...COMPLETE_SECTIONS, ...over.sections }, qa };
}
