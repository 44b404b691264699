/**
 * Published (and deliberately unpublished) documents for the public-site tests, inserted straight
 * into a temp database — no dependency on the workflow engine. A row inserted with a publication
 * time also gets its published document snapshot (what publishing writes), made from the same
 * values; the correcting row's live fields are then edited, as a correction in the workbench would. Texts are the real fixture notices
 * (drizzle/seed/documents), analysed with the app's analyzer so outlines and anchors are real.
 *
 * Leak canaries: every non-public row carries a unique marker string that must never appear on a
 * public page, in a list or in search results.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import type { Db } from "~/db/client.server";
import { departments, documents, exportFiles, exportJobs, packages, qaItems } from "~/db/schema";
import { analyzeDocument } from "~/domain/analysis";
import { chartFileStem, graphicFileStem } from "~/domain/package-data";
import { draftCharts } from "~/domain/package/package-data-draft";
import { publishedDocumentOf } from "~/domain/public/document-snapshot";
import type { PackageContent } from "~/domain/package/content";

const root = resolve(import.meta.dirname, "../..");
export const fixtureText = (file: string) => readFileSync(join(root, "drizzle/seed/documents", file), "utf8");

export const CANARY = {
  draft: "草稿泄露标记甲",
  withdrawn: "撤回泄露标记乙",
  correction: "更正未发布标记丙",
  noPublishedAt: "缺发布时间标记丁",
} as const;

export type PublishedFixture = {
  xihaian: number;
  boshan: number;
  draft: number;
  withdrawn: number;
  correcting: number;
  noPublishedAt: number;
  exportsDir: string;
};

function analysed(text: string) {
  const a = analyzeDocument(text);
  return { normalizedText: a.text ?? text, structure: { parts: a.parts, text: a.text, meta: a.meta } };
}

export function xihaianContent(): PackageContent {
  return {
    plan: { forms: ["text", "qa", "chart", "graphic"], channels: ["web", "wechat"], interpreterId: null, interpreterName: "陈主任", plannedRelease: null },
    sections: {
      background:
        "<p>2020年是全面推进政务公开工作的关键之年。新区围绕<strong>优化营商环境</strong>和群众关切，部署全年政务公开重点任务。</p><script>alert('x')</script>",
      basis: "<p>依据《中华人民共和国政府信息公开条例》和省、市年度政务公开工作要点。</p>",
      purpose: "<p>提高政府工作透明度，让企业和群众<em>看得到、听得懂、能监督</em>。</p>",
      measures:
        '<ul><li>公开294项改革任务、497项涉企惠企政策。</li><li>做好162项高频民生服务事项信息公开。</li></ul><p>详见<a href="https://www.example.gov.cn/">新区门户网站</a>，<a href="javascript:alert(1)">不安全链接</a>。</p>',
      scope: "<p>适用于新区各部门、各镇街，自印发之日起施行。</p>",
    },
    qa: [
      {
        question: "政策解读工作有哪些新要求？",
        answer: "<p>坚持“谁起草谁解读”，政策性文件与解读材料同步组织、同步审签、同步部署。</p>",
        clauseRefs: [["附件1", "二、", "（五）", "11."]],
      },
      {
        question: "优化营商环境方面公开哪些信息？",
        answer: "<p>公开294项改革任务、497项涉企惠企政策和162项高频民生服务事项。</p>",
        clauseRefs: [["附件1", "一、", "（三）"], ["附件1", "一、", "（三）", "9."]],
      },
      {
        question: "考核如何计分？",
        answer: "日常考核30分，第三方评估70分，大比例扣分上限30分。",
        clauseRefs: [["附件2", "三、"], ["附件2", "九十九、"]],
      },
    ],
    charts: [
      {
        type: "bar",
        title: "优化营商环境重点公开事项",
        unit: "项",
        source: "青西新管办发〔2020〕84号",
        data: [
          { label: "改革任务", value: 294 },
          { label: "涉企惠企政策", value: 497 },
          { label: "高频民生事项", value: 162 },
        ],
        altText: "柱状图：改革任务294项，涉企惠企政策497项，高频民生事项162项。",
      },
      {
        type: "donut",
        title: "政务公开考核分值构成",
        unit: "分",
        data: [
          { label: "日常考核", value: 30 },
          { label: "第三方评估", value: 70 },
        ],
        altText: "环形图：日常考核30分，第三方评估70分，共100分。",
      },
    ],
    keyFigures: [],
    timeline: [],
    graphics: [
      {
        templateId: "key-figures",
        templateVersion: 1,
        slots: {},
        altText: "一图读懂：2020年新区政务公开工作要点",
        longDescription: "本图概括了工作要点的六个方面。\n其中：294项改革任务、497项涉企惠企政策、162项高频民生事项。",
      },
    ],
    cases: [{ title: "企业如何查询惠企政策？", situation: "某企业想了解可享受的惠企政策。", explanation: "可在新区政府网站惠企政策专栏查询497项政策。" }],
    media: [{ kind: "briefing", date: "2020-08-10", speaker: "陈主任", speakerIsHead: true, link: "https://www.example.gov.cn/video/1", transcript: "吹风会文字实录。" }],
  };
}

function simpleContent(marker: string): PackageContent {
  return {
    plan: { forms: ["text", "qa"], channels: ["web"], interpreterId: null, interpreterName: "王主任", plannedRelease: null },
    sections: { background: `<p>${marker}：本文件出台背景。</p>`, measures: "<p>主要措施。</p>" },
    qa: [{ question: "适用于哪些单位？", answer: "各镇办、各部门。", clauseRefs: [["附件1", "二、"]] }],
    charts: [],
    keyFigures: [],
    timeline: [],
    graphics: [],
    cases: [],
    media: [],
  };
}

/** Inserts departments, documents, packages and one finished image export. */
export async function insertPublishedFixture(db: Db, dir: string): Promise<PublishedFixture> {
  const dept = db.insert(departments).values({ name: "区政府办公室", code: "zfb" }).returning({ id: departments.id }).get().id;
  const xText = analysed(fixtureText("xihaian-2020-zwgk-yaodian-kaohe.txt"));
  const bText = analysed(fixtureText("boshan-2020-zwgk-yaodian.txt"));
  const insertDoc = (values: Partial<typeof documents.$inferInsert> & { title: string }) => {
    const row = { departmentId: dept, validity: "valid" as const, topic: "政务公开", publicity: "主动公开", ...values };
    const publishedDocument = row.publishedAt
      ? publishedDocumentOf({
          title: row.title,
          docNumber: row.docNumber ?? null,
          issuer: row.issuer ?? null,
          writtenDate: row.writtenDate ?? null,
          releaseDate: row.releaseDate ?? null,
          indexNo: row.indexNo ?? null,
          validity: row.validity,
          topic: row.topic ?? null,
          publicity: row.publicity ?? null,
          structure: row.structure ?? null,
          normalizedText: row.normalizedText ?? "",
        })
      : null;
    return db
      .insert(documents)
      .values({ ...row, publishedDocument })
      .returning({ id: documents.id })
      .get().id;
  };
  const insertPkg = (documentId: number, snapshot: PackageContent | null, publishedAt: string | null) =>
    db.insert(packages).values({ documentId, publishedSnapshot: snapshot, publishedAt }).returning({ id: packages.id }).get().id;

  const xihaian = insertDoc({
    title: "青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点和2020年政务公开工作考核办法的通知",
    docNumber: "青西新管办发〔2020〕84号",
    issuer: "青岛西海岸新区管委办公室",
    writtenDate: "2020-08-06",
    releaseDate: "2020-08-07",
    indexNo: "zfb/2020-00084",
    ...xText,
    status: "published",
    publishedAt: "2020-08-07T02:00:00.000Z",
  });
  const xPkg = insertPkg(xihaian, xihaianContent(), "2020-08-07T02:00:00.000Z");

  const boshan = insertDoc({
    title: "博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知",
    docNumber: "博政办字〔2020〕45号",
    issuer: "博山区人民政府办公室",
    writtenDate: "2020-09-03",
    indexNo: "zfb/2020-00045",
    topic: "政府信息公开",
    ...bText,
    status: "published",
    publishedAt: "2020-09-04T02:00:00.000Z",
  });
  insertPkg(boshan, simpleContent("博山解读"), "2020-09-04T02:00:00.000Z");

  const draft = insertDoc({
    title: `区发展和改革局关于就业创业的通知（${CANARY.draft}）`,
    indexNo: "zfb/2021-00001",
    normalizedText: `${CANARY.draft} 就业 政务公开工作要点 促进就业`,
    status: "awaiting_signoff",
  });
  insertPkg(draft, simpleContent(CANARY.draft), null);

  const withdrawn = insertDoc({
    title: `关于政务公开就业工作的通知（${CANARY.withdrawn}）`,
    indexNo: "zfb/2021-00002",
    normalizedText: `${CANARY.withdrawn} 就业 政务公开工作要点`,
    status: "withdrawn",
    publishedAt: "2021-01-05T02:00:00.000Z",
    withdrawnAt: "2021-01-06T02:00:00.000Z",
  });
  insertPkg(withdrawn, simpleContent(CANARY.withdrawn), "2021-01-05T02:00:00.000Z");

  // Published, now being corrected: the live package tables hold the unpublished correction.
  const correcting = insertDoc({
    title: "关于做好稳就业工作的通知",
    docNumber: "青西新管办发〔2021〕3号",
    issuer: "青岛西海岸新区管委办公室",
    writtenDate: "2021-02-01",
    indexNo: "zfb/2021-00003",
    normalizedText: "各部门：\n为做好稳就业工作，现就有关事项通知如下。\n一、促进高校毕业生就业\n（一）拓宽就业渠道。",
    status: "correcting",
    publishedAt: "2021-02-02T02:00:00.000Z",
    validity: "expired",
  });
  const cPkg = insertPkg(correcting, simpleContent("已发布的稳就业解读"), "2021-02-02T02:00:00.000Z");
  db.update(packages).set({ sections: { background: `<p>${CANARY.correction}</p>` } }).where(eq(packages.id, cPkg)).run();
  db.insert(qaItems).values({ packageId: cPkg, position: 0, question: `${CANARY.correction}？`, answer: CANARY.correction, clauseRefs: [] }).run();
  // …and the live document row holds the unpublished correction of title, text and metadata.
  db.update(documents)
    .set({
      title: `关于做好稳就业工作的通知（${CANARY.correction}）`,
      normalizedText: `${CANARY.correction}\n各部门：\n为做好稳就业工作，现就有关事项通知如下。`,
      issuer: `${CANARY.correction}机关`,
      topic: `${CANARY.correction}主题`,
      validity: "valid",
    })
    .where(eq(documents.id, correcting))
    .run();

  const noPublishedAt = insertDoc({ title: `状态已发布但无发布时间（${CANARY.noPublishedAt}）`, indexNo: "zfb/2021-00004", normalizedText: `${CANARY.noPublishedAt} 就业`, status: "published" });
  insertPkg(noPublishedAt, simpleContent(CANARY.noPublishedAt), null);

  // A finished image export of the published xihaian package (of its publication).
  const exportsDir = join(dir, "exports");
  const outputDir = "pkg-1/job-1";
  mkdirSync(join(exportsDir, outputDir), { recursive: true });
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  writeFileSync(join(exportsDir, outputDir, "wechat-key-figures-1.png"), png);
  writeFileSync(join(exportsDir, outputDir, "web-key-figures-1.png"), png);
  // the 图解's own image, named by its position and fingerprint as the exporter names it
  const graphicFile = `web/02-${graphicFileStem(1, "key-figures", {})}.png`;
  mkdirSync(join(exportsDir, outputDir, "web"), { recursive: true });
  writeFileSync(join(exportsDir, outputDir, graphicFile), png);
  // the first chart's own card, named by its position and fingerprint as the exporter names it
  const chartFile = `web/03-${chartFileStem(1, draftCharts(xihaianContent().charts)[0].chart)}.png`;
  writeFileSync(join(exportsDir, outputDir, chartFile), png);
  const zip = new JSZip();
  zip.file("wechat-key-figures-1.png", png);
  writeFileSync(join(exportsDir, outputDir, "images.zip"), await zip.generateAsync({ type: "nodebuffer" }));
  const job = db
    .insert(exportJobs)
    .values({
      packageId: xPkg,
      channels: ["wechat", "web"],
      status: "done",
      source: "published",
      sourcePublishedAt: "2020-08-07T02:00:00.000Z",
      progress: 2,
      total: 2,
      outputDir,
      zipFile: "images.zip",
      createdAt: "2020-08-07T02:00:00.001Z",
      finishedAt: "2020-08-07T02:01:00.000Z",
    })
    .returning({ id: exportJobs.id })
    .get().id;
  for (const [file, channel] of [
    ["wechat-key-figures-1.png", "wechat"],
    ["web-key-figures-1.png", "web"],
    [graphicFile, "web"],
  ] as const) {
    db.insert(exportFiles).values({ jobId: job, file, channel, template: "key-figures", width: 1, height: 1, bytes: png.length, sha256: "x", altText: "一图读懂：2020年新区政务公开工作要点" }).run();
  }
  db.insert(exportFiles).values({ jobId: job, file: chartFile, channel: "web", template: "chart-card", width: 1, height: 1, bytes: png.length, sha256: "x", altText: "柱状图：改革任务294项" }).run();
  return { xihaian, boshan, draft, withdrawn, correcting, noPublishedAt, exportsDir };
}
