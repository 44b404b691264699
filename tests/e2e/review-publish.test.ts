import { eq } from "drizzle-orm";
import type { Page } from "puppeteer";
import { describe, expect, it } from "vitest";
import { documents, gateAssignments, packages, users } from "~/db/schema";
import { writePackageContent } from "~/features/package/content.server";
import { hashPassword } from "~/models/password.server";
import { completeContent } from "../helpers/complete-package";
import { withE2eApp } from "../helpers/e2e";
import { type Gate, GATES } from "~/domain/vocabulary";

let docId: number;
let packageId: number;

const REVIEWERS: Record<Gate, string> = { political: "rev-political", legal: "rev-legal", secrecy: "rev-secrecy", text: "rev-text" };

// complete by the submission rules (F9), so what is under test is the review itself
const FIRST_DRAFT = completeContent({
  sections: { background: "<p>今年是政务公开工作的收官之年，区政府办公室制定了工作要点。</p>" },
  qa: [{ question: "标准目录什么时候完成？", answer: "各镇办和各部门在2020年年底前完成标准目录编制。", clauseRefs: [] }],
});
const FIXED = {
  ...FIRST_DRAFT,
  qa: [...FIRST_DRAFT.qa, { question: "稿件怎么报送？", answer: "各单位每月至少报送1篇稿件，介绍工作亮点。", clauseRefs: [] }],
};

const app = withE2eApp(async (t) => {
  const doc = t.db.select().from(documents).where(eq(documents.indexNo, "zfb/2020-00045")).get();
  if (!doc) throw new Error("seed: 博山 missing");
  docId = doc.id;
  const pkg = t.db.select({ id: packages.id }).from(packages).where(eq(packages.documentId, docId)).get();
  if (!pkg) throw new Error("seed: package missing");
  packageId = pkg.id;
  t.db.transaction((tx) => writePackageContent(tx, packageId, FIRST_DRAFT));
  // four distinct reviewers, one gate each, for the drafting department
  const passwordHash = await hashPassword("jiedu2026");
  const reviewerDept = t.db.select({ departmentId: users.departmentId }).from(users).where(eq(users.username, "reviewer")).get();
  for (const gate of GATES) {
    const row = t.db
      .insert(users)
      .values({ username: REVIEWERS[gate], displayName: `审核${gate}`, role: "reviewer", departmentId: reviewerDept?.departmentId ?? 1, passwordHash })
      .returning({ id: users.id })
      .get();
    t.db.update(gateAssignments).set({ reviewerId: row.id }).where(eq(gateAssignments.gate, gate)).run();
  }
});

async function as<T>(username: string, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await app.browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.type("input[name=username]", username);
    await page.type("input[name=password]", "jiedu2026");
    await page.keyboard.press("Enter");
    await page.waitForSelector("header nav");
    return await run(page);
  } finally {
    await context.close();
  }
}

const reviewUrl = () => `${app.server.url}/app/documents/${docId}/review`;

async function result(page: Page): Promise<string> {
  await page.waitForSelector("[data-testid=workflow-result]");
  return page.$eval("[data-testid=workflow-result]", (el) => el.textContent ?? "");
}

async function submitAsDrafter(page: Page) {
  await page.goto(reviewUrl());
  await page.waitForSelector("button[name=submit]:not([disabled])");
  await page.click("button[name=submit]");
  expect(await result(page)).toContain("已提交审核");
}

async function verdict(page: Page, gate: Gate, decision: "pass" | "return", opinion = "") {
  await page.goto(reviewUrl());
  const form = `form.verdict-form[data-gate=${gate}]`;
  await page.waitForSelector(form);
  await page.click(`${form} input[value=${decision}]`);
  if (opinion) await page.type(`${form} textarea[name=opinion]`, opinion);
  await page.click(`${form} button[type=submit]`);
  expect(await result(page)).toContain("审核意见已记录");
}

describe("review and synchronized publishing in a real browser", () => {
  it("drafter submits → a reviewer returns → drafter fixes and resubmits → four gates pass → head signs → publisher publishes", async () => {
    await as("drafter", submitAsDrafter);

    // the 文字关 reviewer sees it waiting (badge and inbox) and returns it with an opinion
    await as(REVIEWERS.text, async (page) => {
      expect(await page.$eval("header nav", (el) => el.textContent ?? "")).toMatch(/待我审核\s*1/);
      await page.goto(`${app.server.url}/app/reviews`);
      await page.waitForSelector(`a[href="/app/documents/${docId}/review"]`);
      await verdict(page, "text", "return", "请补充稿件报送要求的问答");
    });

    // the drafter sees the opinion, fixes the package, resubmits
    await as("drafter", async (page) => {
      await page.goto(reviewUrl());
      await page.waitForSelector("[data-testid=return-opinions]");
      expect(await page.$eval("[data-testid=return-opinions]", (el) => el.textContent ?? "")).toContain("请补充稿件报送要求的问答");
      app.t.db.transaction((tx) => writePackageContent(tx, packageId, FIXED)); // the editor's save
      await submitAsDrafter(page);
    });

    for (const gate of GATES) await as(REVIEWERS[gate], (page) => verdict(page, gate, "pass", "同意"));

    // the publisher cannot publish yet: the head has not signed (hard gate)
    await as("publisher", async (page) => {
      await page.goto(reviewUrl());
      await page.waitForSelector(".publish-form button[disabled]");
    });

    await as("head", async (page) => {
      expect(await page.$eval("header nav", (el) => el.textContent ?? "")).toMatch(/待我审核\s*1/);
      await page.goto(reviewUrl());
      await page.waitForSelector(".sign-form button");
      await page.click(".sign-form button");
      expect(await result(page)).toContain("已审签");
    });

    await as("publisher", async (page) => {
      await page.goto(reviewUrl());
      await page.waitForSelector(".publish-form button:not([disabled])");
      await page.click(".publish-form button");
      expect(await result(page)).toContain("已同步发布");
      await page.waitForSelector('ol.audit-trail li[data-action="workflow.publish"]');
      const trail = await page.$$eval("ol.audit-trail li", (items) => items.map((li) => `${li.getAttribute("data-action")}|${li.textContent}`));
      const steps = trail.filter((s) => s.startsWith("workflow."));
      expect(steps.map((s) => s.split("|")[0])).toEqual([
        "workflow.submit",
        "workflow.startReview",
        "workflow.verdict",
        "workflow.submit",
        "workflow.startReview",
        "workflow.verdict",
        "workflow.verdict",
        "workflow.verdict",
        "workflow.verdict",
        "workflow.sign",
        "workflow.publish",
      ]);
      expect(steps[2]).toContain("文字关退回：请补充稿件报送要求的问答");
      expect(steps[3]).toContain("提交审核（第 2 轮）");
      expect(steps[10]).toContain("同步发布");
      const csv = await page.evaluate(async (url) => (await fetch(url)).text(), `${app.server.url}/app/documents/${docId}/audit.csv`);
      expect(csv).toContain("workflow.publish");
    });

    const d = app.t.db.select().from(documents).where(eq(documents.id, docId)).get();
    const p = app.t.db.select().from(packages).where(eq(packages.id, packageId)).get();
    expect(d?.status).toBe("published");
    expect(d?.publishedAt).not.toBeNull();
    expect(p?.publishedAt).toBe(d?.publishedAt);
  }, 180_000); // eleven sign-ins in one real browser on 2 shared cores
});
