/**
 * Demo: the 西海岸 fixture with a complete interpretation package, taken through the real
 * workflow (submit → four gates pass → head signs → publisher publishes) so a fresh install has
 * one published document on the public site and a full audit trail. Also seeds the starter 审校
 * word list. Idempotent: a document that already left 起草中 or already has Q&A is left alone.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { documents, gateAssignments, packages, qaItems, revisions, users } from "~/db/schema";
import type { PackageContent } from "~/domain/package/content";
import type { Actor } from "~/domain/permissions";
import type { WorkflowAction } from "~/domain/workflow";
import { appendAudit } from "~/models/audit.server";
import { writePackageContent } from "~/features/package/content.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { insertStarterList, wordListsManaged } from "~/features/checks/word-rules.server";
import { GATES } from "~/domain/vocabulary";

export const XIHAIAN_INDEX_NO = "zfb/2020-00084";

const p = (...paragraphs: string[]) => paragraphs.map((t) => `<p>${t}</p>`).join("");

export const XIHAIAN_PACKAGE: Omit<PackageContent, "plan"> = {
  sections: {
    background: p(
      "今年是全面推进政务公开工作的收官之年。为落实国务院和省市关于政务公开的部署，新区管委办公室结合新区实际，制定了今年的政务公开工作要点，并同步出台考核办法，让每项工作有目标、有标准、有考核。",
    ),
    basis: p("主要依据《中华人民共和国政府信息公开条例》以及省、市政府办公厅关于做好本年度政务公开工作的部署要求。"),
    purpose: p("一方面让群众和企业更方便地找到、看懂政府信息；另一方面用考核推动各部门、各镇街把公开工作做实做细。"),
    measures: p(
      "《2020年青岛西海岸新区政务公开工作要点》共分为6个部分、40项具体工作举措。",
      "重点做好294项改革任务、497项涉企惠企政策和162项高频民生服务事项的信息公开，方便企业和群众查询办理。",
    ),
    scope: p(
      "适用于各镇街、管委各部门和区直各单位。各单位要在2020年8月底前编制完成本级政务公开事项标准目录，并在政府网站公布。",
    ),
    terms: p(
      "政务公开事项标准目录：是指各单位按照国家确定的试点领域标准指引，逐项列明应当公开的事项、依据、时限和渠道的清单，群众据此知道该单位公开什么、到哪里找。",
    ),
  },
  qa: [
    {
      question: "今年新区政务公开的重点是什么？",
      answer: "重点有两个：一是围绕中心工作，公开重大决策部署的进展和落实情况；二是围绕营商环境，公开改革任务、惠企政策和民生服务事项，让企业和群众办事有据可查。",
      clauseRefs: [["附件1", "一、"]],
    },
    {
      question: "企业最关心的惠企政策在哪里能查到？",
      answer: "新区将集中公开497项涉企惠企政策，企业可以在政府网站政策专栏统一查询，申请条件、办理流程和承办部门一并公开。",
      clauseRefs: [["附件1", "一、", "（三）", "9."]],
    },
    {
      question: "政策解读有什么新要求？",
      answer: "坚持“谁起草谁解读”，政策文件与解读方案、解读材料同步组织、同步审签、同步部署，并多用图表图解、简明问答、案例说明等群众看得懂的方式。",
      clauseRefs: [["附件1", "二、", "（五）", "11."]],
    },
    {
      question: "标准目录什么时候完成？",
      answer: "时间节点是2020年8月底前。到那时，每个部门、镇街都要有一份自己的公开事项清单，群众打开政府网站就能知道这个单位该公开什么、到哪里找。编制时参照的是国家确定的26个试点领域标准指引。",
      clauseRefs: [["附件1", "四、", "（十）", "23."]],
    },
    {
      question: "政务公开工作怎么考核？",
      answer: "采取日常考核和第三方评估相结合的方式，实行百分制：日常考核30分，第三方评估70分。",
      clauseRefs: [["附件2", "三、"]],
    },
    {
      question: "第三方评估看什么？",
      answer: "由第三方机构通过政府网站采集数据进行评估，评估指标以省政府办公厅下达的137个区（县）政务公开评估指标为准。",
      clauseRefs: [["附件2", "三、", "（二）"]],
    },
    {
      question: "哪些情况会被大比例扣分？",
      answer: "被国办、省、市通报，依申请公开答复错误引发复议纠错或诉讼败诉，信息更新不到位影响上级考核，以及不落实领导小组安排的工作，都会扣分，扣分上限30分。",
      clauseRefs: [["附件2", "四、"]],
    },
  ],
  charts: [
    {
      type: "donut",
      title: "考核分值构成",
      unit: "分",
      source: "2020年政务公开工作考核办法",
      data: [
        { label: "日常考核", value: 30 },
        { label: "第三方评估", value: 70 },
      ],
      altText: "环形图：政务公开考核满分100分，其中日常考核30分，第三方评估70分。",
      dataTable: "日常考核\t30\n第三方评估\t70",
    },
    {
      type: "bar",
      title: "重点公开事项数量",
      // mixed measure words (项 and 个): the unit sits in each label
      unit: null,
      source: "2020年青岛西海岸新区政务公开工作要点",
      data: [
        { label: "改革任务（项）", value: 294 },
        { label: "涉企惠企政策（项）", value: 497 },
        { label: "高频民生服务事项（项）", value: 162 },
        { label: "评估指标（个）", value: 137 },
        { label: "试点领域（个）", value: 26 },
      ],
      altText: "柱状图：改革任务294项、涉企惠企政策497项、高频民生服务事项162项、区（县）评估指标137个、试点领域26个。",
      dataTable: "改革任务（项）\t294\n涉企惠企政策（项）\t497\n高频民生服务事项（项）\t162\n评估指标（个）\t137\n试点领域（个）\t26",
    },
  ],
  keyFigures: [
    { value: "294", unit: "项", label: "改革任务" },
    { value: "497", unit: "项", label: "涉企惠企政策" },
    { value: "162", unit: "项", label: "高频民生服务事项" },
    { value: "137", unit: "个", label: "区（县）政务公开评估指标" },
    { value: "26", unit: "个", label: "试点领域" },
    { value: "30", unit: "分", label: "日常考核分值" },
  ],
  timeline: [
    { date: "2020-08-06", label: "印发政务公开工作要点和考核办法" },
    { date: "2020-08-31", label: "编制完成本级政务公开事项标准目录并在政府网站公布" },
  ],
  graphics: [
    {
      templateId: "figures-card",
      templateVersion: 1,
      slots: {
        heading: "数说政务公开",
        title: "一图读懂新区政务公开",
        figures: [
          { value: "294", unit: "项", label: "改革任务" },
          { value: "497", unit: "项", label: "涉企惠企政策" },
          { value: "162", unit: "项", label: "高频民生服务事项" },
          { value: "30", unit: "分", label: "日常考核" },
        ],
        page: 1,
        pages: 1,
      },
      altText: "一图读懂：改革任务294项，涉企惠企政策497项，高频民生服务事项162项，日常考核30分。",
      longDescription: "数说政务公开（一图读懂新区政务公开）\n改革任务：294项\n涉企惠企政策：497项\n高频民生服务事项：162项\n日常考核：30分",
    },
  ],
  cases: [
    {
      title: "一家企业怎样查到惠企政策",
      situation: "某制造企业想了解能享受哪些扶持，过去要分别打听多个部门。",
      explanation: "现在新区把涉企惠企政策集中公开，企业在政府网站政策专栏按行业检索，就能看到申请条件、材料清单和承办部门，不用再来回跑。",
    },
  ],
  media: [
    {
      kind: "press_conference",
      date: "2020-08-10",
      speaker: "陈主任",
      speakerIsHead: true,
      link: null,
      transcript: "新闻发布会上，区政府办公室主要负责人介绍了今年政务公开的重点任务和考核办法。",
    },
  ],
};

function actorFor(db: Db, username: string): Actor {
  const u = db.select().from(users).where(eq(users.username, username)).get();
  if (!u) throw new Error(`演示用户 ${username} 不存在，请先运行种子数据的用户部分。`);
  const gates = db
    .select({ departmentId: gateAssignments.departmentId, gate: gateAssignments.gate })
    .from(gateAssignments)
    .where(eq(gateAssignments.reviewerId, u.id))
    .all();
  return { id: u.id, role: u.role, departmentId: u.departmentId, gateAssignments: gates };
}

/**
 * The starter confusable-word list as global rules — only on a database whose lists nobody manages
 * yet: once an admin has edited them, an emptied list stays empty.
 */
export function seedWordRules(db: Db): number {
  if (wordListsManaged(db)) return 0;
  return db.transaction((tx) => insertStarterList(tx));
}

export function seedPublishedDemo(db: Db, options: { now?: () => Date } = {}): { created: number } {
  let created = seedWordRules(db);
  const doc = db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  if (doc?.status !== "drafting") return { created };
  const pkg = db.select().from(packages).where(eq(packages.documentId, doc.id)).get();
  if (!pkg) return { created };
  if (db.select({ id: qaItems.id }).from(qaItems).where(eq(qaItems.packageId, pkg.id)).get()) return { created };

  const drafter = actorFor(db, "drafter");
  const head = actorFor(db, "head");
  const publisher = actorFor(db, "publisher");
  const content: PackageContent = {
    plan: {
      forms: ["text", "qa", "chart", "graphic", "case", "press", "head"],
      channels: ["web", "wechat", "weibo"],
      interpreterId: head.id,
      interpreterName: "陈主任",
      plannedRelease: doc.writtenDate,
    },
    ...XIHAIAN_PACKAGE,
  };
  db.transaction((tx) => {
    writePackageContent(tx, pkg.id, content);
    const version = pkg.version + 1;
    tx.update(packages).set({ version, updatedById: drafter.id }).where(eq(packages.id, pkg.id)).run();
    tx.insert(revisions).values({ packageId: pkg.id, version, snapshot: content, summary: "演示数据：完整解读材料", authorId: drafter.id }).run();
    appendAudit(tx, { actorId: drafter.id, action: "package.saved", documentId: doc.id, packageId: pkg.id, details: { version, demo: true } });
  });
  created++;

  const steps: [Actor, WorkflowAction][] = [[drafter, { type: "submit" }]];
  for (const gate of GATES) {
    const holder = db
      .select({ reviewerId: gateAssignments.reviewerId })
      .from(gateAssignments)
      .where(and(eq(gateAssignments.departmentId, doc.departmentId), eq(gateAssignments.gate, gate)))
      .get();
    if (!holder) throw new Error(`演示部门缺少${gate}审核人，无法走完审核流程。`);
    const reviewer = db.select({ username: users.username }).from(users).where(eq(users.id, holder.reviewerId)).get();
    steps.push([actorFor(db, reviewer?.username ?? ""), { type: "verdict", gate, verdict: "pass", opinion: "同意。" }]);
  }
  steps.push([head, { type: "sign", opinion: "同意发布。" }], [publisher, { type: "publish" }]);
  for (const [actor, action] of steps) {
    const result = applyWorkflowAction(actor, doc.id, action, { db, now: options.now });
    if (!result.ok) throw new Error(`演示流程在“${action.type}”一步被拒绝：${result.reason}`);
  }
  return { created: created + steps.length };
}
