/**
 * The 视频 storyboard as package content: generated from the package, saved through the editor
 * action (bounds checked with Chinese messages on the field), stored, revisioned, and checked
 * for what keeps it from becoming a video.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackageContent } from "~/domain/package/content";
import { formsPresent } from "~/domain/package/content";
import { defaultStoryboard, resolveStoryboard, totalSeconds, VIDEO_LIMITS, type VideoContent } from "~/domain/video/storyboard";
import { videoExportData } from "~/features/video/video-data";
import { createUserSession } from "~/models/auth.server";
import { loadPackageContent } from "~/features/package/content.server";
import { listRevisions } from "~/features/package/package.server";
import { action as editorAction } from "~/routes/app.documents.$id_.package";
import { completeContent } from "../helpers/complete-package";
import { createSeededTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let doc: number;
let pkg: number;

beforeAll(async () => {
  t = await createSeededTestDb();
  const row = t.db.$client.prepare("select d.id as doc, p.id as pkg from documents d join packages p on p.document_id = d.id where d.status = 'drafting' order by d.id").get() as { doc: number; pkg: number } | undefined;
  if (!row) throw new Error("seed changed: expected a draft");
  ({ doc, pkg } = row);
});
afterAll(() => t.cleanup());

const DOC = { title: "关于调整2024年城乡居民最低生活保障标准的通知", docNumber: "青民发〔2024〕18号" };

function rich(over: Partial<PackageContent> = {}): PackageContent {
  return completeContent({
    keyFigures: [
      { value: "885", unit: "元", label: "城市低保标准（每人每月）" },
      { value: "660", unit: "元", label: "农村低保标准（每人每月）" },
    ],
    timeline: [{ date: "2024-07-01", label: "新标准开始执行" }],
    ...over,
  });
}

async function save(content: PackageContent) {
  const version = t.db.$client.prepare("select version from packages where id = ?").pluck().get(pkg) as number;
  const userId = t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get() as number;
  const cookie = ((await createUserSession(userId, "/app")).headers.get("Set-Cookie") ?? "").split(";")[0];
  const body = new URLSearchParams({ intent: "save", packageId: String(pkg), version: String(version), content: JSON.stringify(content) });
  const request = new Request(`http://x/app/documents/${doc}/package`, { method: "POST", body, headers: { Cookie: cookie } });
  const args: ActionFunctionArgs = { request, params: { id: String(doc) }, context: {} };
  return editorAction(args);
}

describe("the generated storyboard", () => {
  it("opens with the cover, keeps key figures and timeline, and lasts 30–90 s with every scene within bounds", () => {
    const content = rich();
    const video = defaultStoryboard(content, DOC);
    expect(video.scenes[0]).toMatchObject({ kind: "cover", caption: null });
    expect(video.scenes.map((s) => s.kind)).toEqual(expect.arrayContaining(["figures", "qa", "timeline"]));
    expect(totalSeconds(video)).toBeGreaterThanOrEqual(VIDEO_LIMITS.totalMinSeconds);
    expect(totalSeconds(video)).toBeLessThanOrEqual(VIDEO_LIMITS.totalMaxSeconds);
    for (const s of video.scenes) expect(s.duration).toBeLessThanOrEqual(VIDEO_LIMITS.sceneMaxSeconds);
    const resolved = resolveStoryboard(video, { ...content, video }, DOC);
    expect(resolved.issues).toEqual([]);
    // captions follow the items: the key-figure caption says the figures
    expect(resolved.scenes.find((s) => s.kind === "figures")?.caption).toContain("城市低保标准（每人每月）885元");
  });

  it("a package of many long answers is cut down to 90 s, never over", () => {
    const qa = Array.from({ length: 20 }, (_, i) => ({ question: `第${i + 1}个问题是什么？`, answer: "这是一条很长的回答，".repeat(12), clauseRefs: [] }));
    const video = defaultStoryboard(rich({ qa }), DOC);
    expect(totalSeconds(video)).toBeLessThanOrEqual(VIDEO_LIMITS.totalMaxSeconds);
    expect(video.scenes.filter((s) => s.kind === "qa").length).toBeGreaterThanOrEqual(2);
  });

  it("names every problem in Chinese: too long, too short overall, missing text, a vanished item", () => {
    const content = rich({ qa: [{ question: "问题？", answer: "", clauseRefs: [] }] });
    const video: VideoContent = {
      scenes: [
        { kind: "cover", ref: 0, duration: 40, caption: null },
        { kind: "qa", ref: 0, duration: 5, caption: null },
        { kind: "chart", ref: 3, duration: 5, caption: "图表" },
      ],
      music: null,
    };
    const messages = resolveStoryboard(video, content, DOC).issues.map((i) => i.message);
    expect(messages).toContain("场景 1时长 40 秒，每个场景应为 2–15 秒。");
    expect(messages.some((m) => m.startsWith("场景 2") && m.includes("这条问答还没有写完"))).toBe(true);
    expect(messages).toContain("场景 2还没有字幕，请填写。");
    expect(messages.some((m) => m.startsWith("场景 3引用的图表（第 4 项）已不存在"))).toBe(true);
    const short = resolveStoryboard({ scenes: [{ kind: "cover", ref: 0, duration: 5, caption: null }], music: null }, content, DOC).issues.map((i) => i.message);
    expect(short).toContain("视频总时长 5 秒，不足 30 秒：请添加场景或延长场景时长。");
    // the exporter refuses the same storyboard with the same words
    const exported = videoExportData({ ...content, video }, DOC);
    expect(exported.ok).toBe(false);
    if (!exported.ok) expect(exported.issues).toContain("场景 1时长 40 秒，每个场景应为 2–15 秒。");
  });

  it("a storyboard makes the package count the video form", () => {
    const content = rich();
    expect(formsPresent(content)).not.toContain("video");
    expect(formsPresent({ ...content, video: defaultStoryboard(content, DOC) })).toContain("video");
  });
});

describe("saving the storyboard through the editor", () => {
  it("stores it with the package (markup stripped), and the history names it", async () => {
    const content = rich();
    const video = defaultStoryboard(content, DOC);
    video.scenes[1] = { ...video.scenes[1], caption: "<b>数说政策</b>：  城市低保标准 885 元。" };
    expect(await save(content)).toMatchObject({ status: "saved" });
    const result = await save({ ...content, video });
    expect(result).toMatchObject({ status: "saved" });
    const stored = loadPackageContent(t.db, pkg)?.video;
    expect(stored?.scenes).toHaveLength(video.scenes.length);
    expect(stored?.scenes[1].caption).toBe("数说政策：城市低保标准 885 元。");
    expect(stored?.scenes[0].caption).toBeNull();
    expect(listRevisions(pkg)[0].summary).toBe("新增 视频分镜");
  });

  it("refuses a scene over the maximum duration with a Chinese message on the field, and keeps the stored one", async () => {
    const before = JSON.stringify(loadPackageContent(t.db, pkg)?.video);
    const content = rich();
    const video = defaultStoryboard(content, DOC);
    video.scenes[0] = { ...video.scenes[0], duration: 20 };
    const result = await save({ ...content, video });
    expect(result).toMatchObject({ status: "invalid" });
    const json = JSON.stringify(result);
    expect(json).toContain("content.video.scenes[0].duration");
    expect(json).toContain("每个场景最长 15 秒，请缩短，或把字幕拆成两个场景");
    expect(JSON.stringify(loadPackageContent(t.db, pkg)?.video)).toBe(before);
  });

  it("'不制作视频' removes it", async () => {
    expect(await save({ ...rich(), video: null })).toMatchObject({ status: "saved" });
    expect(loadPackageContent(t.db, pkg)?.video).toBeNull();
  });
});
