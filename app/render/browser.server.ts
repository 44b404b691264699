/**
 * Stage 2 — browser. A small pool of Chromium browsers; each worker owns one browser with one
 * page in its own browser context (its own window: screenshots of background tabs hang), kept
 * warm on the shell document. Per card: swap the body, draw charts, fit text (shrink, then flow
 * to a "续" card), fix 避头尾, verify nothing sticks out, capture. A worker is recycled after a
 * failed job or every `recycleAfter` jobs; a crashed browser is relaunched and the job retried.
 *
 * Lifetime: each browser is launched over a pipe with an owner mark (browser-process.server.ts),
 * so it exits with this process, even after kill -9, and runs at a lower CPU priority.
 *
 * Isolation: request interception answers only the render origin (shell, bundled fonts and
 * scripts, this export's prepared assets) from memory; everything else is aborted and counted,
 * and the page's CSP violations are counted too.
 */
import puppeteer, { type Browser, type BrowserContext, type HTTPRequest, type Page } from "puppeteer";
import { z } from "zod";
import { type CardJob, type FlowItem, type Markup } from "../../templates/registry";
import type { BuildContext } from "../../templates/shared/types";
import { type Asset, RENDER_ORIGIN, bundledAsset } from "./assets.server";
import { CHROMIUM_ARGS, requireBrowserPath } from "./browser-path";
import { deprioritize, ownerMark } from "./browser-process.server";
import { SHELL_PATH, shellDocument } from "./html.server";
import { type TemplateId } from "~/domain/vocabulary";

export type CardContext = Omit<BuildContext, "size" | "sizeKey">;

export type InspectInfo = { templateId: TemplateId; sizeKey: string; part: number; width: number; height: number };
/** Test hook: runs on the laid-out page right before its capture. */
export type InspectHook = (page: Page, info: InspectInfo) => Promise<void>;

export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LayoutError";
  }
}

export type BrowserPoolOptions = {
  /** Number of browsers (default 2: on 2 cores a second browser nearly doubles throughput). */
  size?: number;
  executablePath?: string;
  /** Recycle a worker's context after this many jobs (default 200). */
  recycleAfter?: number;
};

// ---------------------------------------------------------------------------------------------
// Runtime results, parsed rather than cast.

const fitResults = z.array(z.object({ box: z.string(), ok: z.boolean(), fontSize: z.number(), flow: z.boolean() }));
const flowItems = z.array(z.object({ kind: z.enum(["p", "cite"]), text: z.string() }));
const splitResult = z.union([
  z.object({ ok: z.literal(true), shown: flowItems, remaining: flowItems }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
const stringList = z.array(z.string());
const longLayout = z.object({ height: z.number(), breaks: z.array(z.number()) });

/** Resolves after ms without keeping the process alive. */
function grace(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

const CRASH = /Target closed|Session closed|Protocol error|Connection closed|browser has disconnected|detached Frame|Navigating frame was detached/i;

export class RenderWorker {
  browser: Browser | null = null;
  private context: BrowserContext | null = null;
  private pageRef: Page | null = null;
  private jobs = 0;
  private viewport = "";
  /** Requests aborted and CSP violations in this worker since the last `takeBlocked()`. */
  private blocked = 0;
  readonly blockedUrls: string[] = [];

  constructor(
    private readonly executablePath: string,
    private readonly assets: (path: string) => Asset | null,
    private readonly recycleAfter: number,
  ) {}

  get page(): Page {
    if (!this.pageRef) throw new Error("render worker not started");
    return this.pageRef;
  }

  async start(): Promise<void> {
    // pipe + owner mark: the browser dies with this process and is recognisable if it does not
    // (browser-process.server.ts)
    this.browser = await puppeteer.launch({
      executablePath: this.executablePath,
      args: [...CHROMIUM_ARGS, ownerMark()],
      pipe: true,
      headless: true,
      defaultViewport: { width: 1080, height: 1440, deviceScaleFactor: 1 },
      protocolTimeout: 60_000,
    });
    await this.openPage();
    deprioritize(this.browser.process()?.pid);
  }

  private async openPage(): Promise<void> {
    if (!this.browser) throw new Error("render worker not started");
    this.context = await this.browser.createBrowserContext();
    const page = await this.context.newPage();
    await page.setRequestInterception(true);
    page.on("request", (request) => this.answer(request));
    await page.goto(`${RENDER_ORIGIN}${SHELL_PATH}`, { waitUntil: "load" });
    await page.evaluate("document.fonts.ready.then(() => true)");
    this.pageRef = page;
    this.viewport = "";
    this.jobs = 0;
  }

  private answer(request: HTTPRequest): void {
    const url = request.url();
    let asset: Asset | null = null;
    if (url.startsWith(`${RENDER_ORIGIN}/`)) {
      const path = url.slice(RENDER_ORIGIN.length).split(/[?#]/)[0];
      if (path === "/favicon.ico") {
        // Chromium asks for it on its own; not the page's doing, so not counted.
        void request.respond({ status: 404, body: "" }).catch(() => {});
        return;
      }
      asset = path === SHELL_PATH ? { body: Buffer.from(shellDocument()), contentType: "text/html; charset=utf-8" } : this.assets(path);
    }
    if (asset) {
      void request.respond({ status: 200, contentType: asset.contentType, body: asset.body, headers: { "Access-Control-Allow-Origin": "*" } }).catch(() => {});
      return;
    }
    this.blocked += 1;
    if (this.blockedUrls.length < 100) this.blockedUrls.push(url.slice(0, 200));
    void request.abort("blockedbyclient").catch(() => {});
  }

  async takeBlocked(): Promise<number> {
    const inPage = z.number().parse(await this.page.evaluate("__jiedu.takeBlocked()"));
    const total = this.blocked + inPage;
    this.blocked = 0;
    return total;
  }

  async setViewport(width: number, height: number): Promise<void> {
    const key = `${width}x${height}`;
    if (key === this.viewport) return;
    await this.page.setViewport({ width, height, deviceScaleFactor: 1 });
    this.viewport = key;
  }

  async eval<T>(expression: string, schema: z.ZodType<T>): Promise<T> {
    return schema.parse(await this.page.evaluate(expression));
  }

  /** Clears the page after a job; recycles the context every `recycleAfter` jobs. */
  async finishJob(): Promise<void> {
    this.jobs += 1;
    if (this.jobs >= this.recycleAfter) await this.recycle();
    else await this.page.evaluate("__jiedu.reset()");
  }

  async recycle(): Promise<void> {
    await this.context?.close().catch(() => {});
    this.context = null;
    this.pageRef = null;
    await this.openPage();
  }

  isDead(error: unknown): boolean {
    if (!this.browser?.connected) return true;
    return error instanceof Error && (error.name === "TargetCloseError" || CRASH.test(error.message));
  }

  async restart(): Promise<void> {
    const old = this.browser;
    this.browser = null;
    this.context = null;
    this.pageRef = null;
    if (old) {
      await Promise.race([old.close(), grace(2_000)]).catch(() => {});
      old.process()?.kill("SIGKILL");
    }
    await this.start();
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (!browser) return;
    await Promise.race([browser.close(), grace(5_000)]).catch(() => {});
    browser.process()?.kill("SIGKILL");
  }
}

export class BrowserPool {
  private readonly idle: RenderWorker[] = [];
  private readonly waiting: Array<(worker: RenderWorker) => void> = [];
  private readonly exportAssets = new Map<string, Asset>();
  private closed = false;
  /** Browsers relaunched after a crash since the pool started. */
  replacedBrowsers = 0;

  private constructor(readonly workers: RenderWorker[]) {
    this.idle.push(...workers);
  }

  /** Launches the browsers in parallel. Fails with BrowserMissingError when there is none. */
  static async create(options: BrowserPoolOptions = {}): Promise<BrowserPool> {
    const executablePath = options.executablePath ?? (await requireBrowserPath());
    const size = Math.max(1, Math.min(8, options.size ?? 2));
    let pool: BrowserPool | null = null;
    const lookup = (path: string): Asset | null => bundledAsset(path) ?? pool?.exportAssets.get(path) ?? null;
    const workers = Array.from({ length: size }, () => new RenderWorker(executablePath, lookup, options.recycleAfter ?? 200));
    pool = new BrowserPool(workers);
    const started = await Promise.allSettled(workers.map((w) => w.start()));
    const failure = started.find((s) => s.status === "rejected");
    if (failure && failure.status === "rejected") {
      await pool.close();
      throw failure.reason;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Serves prepared export assets (logo, graphics) under /asset/<prefix>/…; returns their URLs. */
  addAssets(prefix: string, assets: Record<string, Asset>): Record<string, string> {
    const urls: Record<string, string> = {};
    for (const [name, asset] of Object.entries(assets)) {
      const path = `/asset/${prefix}/${name}`;
      this.exportAssets.set(path, asset);
      urls[name] = `${RENDER_ORIGIN}${path}`;
    }
    return urls;
  }

  removeAssets(prefix: string): void {
    for (const key of [...this.exportAssets.keys()]) if (key.startsWith(`/asset/${prefix}/`)) this.exportAssets.delete(key);
  }

  private acquire(): Promise<RenderWorker> {
    if (this.closed) return Promise.reject(new Error("渲染浏览器池已关闭"));
    const worker = this.idle.shift();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: RenderWorker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  /** Runs a job on the next free worker; a crashed browser is replaced and the job retried. */
  async run<T>(job: (worker: RenderWorker) => Promise<T>): Promise<T> {
    const worker = await this.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          if (!worker.browser?.connected) {
            this.replacedBrowsers += 1;
            await worker.restart();
          }
          const result = await job(worker);
          await worker.finishJob();
          return result;
        } catch (error) {
          if (worker.isDead(error) && attempt < 2) {
            this.replacedBrowsers += 1;
            await worker.restart();
            continue;
          }
          if (worker.browser?.connected) await worker.recycle().catch(() => worker.restart().catch(() => {}));
          throw error;
        }
      }
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

// ---------------------------------------------------------------------------------------------
// Printing a self-contained HTML page to PDF (the evidence pack) on a pool worker's browser.

/**
 * Prints `html` (self-contained: only the bundled fonts may load) to an A4 PDF in a fresh
 * browser context of the worker's browser, closed afterwards. Every other request is aborted.
 */
export async function printPdfOn(worker: RenderWorker, html: string): Promise<Uint8Array> {
  if (!worker.browser) throw new Error("render worker not started");
  const context = await worker.browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setRequestInterception(true);
    // The page is served from the render origin, so the bundled fonts are same-origin (no CORS).
    const pagePath = "/print.html";
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin === RENDER_ORIGIN && url.pathname === pagePath) {
        void request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: html }).catch(() => {});
        return;
      }
      const asset = url.origin === RENDER_ORIGIN ? bundledAsset(url.pathname) : null;
      if (asset) void request.respond({ status: 200, contentType: asset.contentType, body: asset.body }).catch(() => {});
      else void request.abort("blockedbyclient").catch(() => {});
    });
    await page.goto(`${RENDER_ORIGIN}${pagePath}`, { waitUntil: "load" });
    await page.evaluate("document.fonts.ready.then(() => true)");
    return await page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "20mm", bottom: "20mm", left: "18mm", right: "18mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center;color:#666"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering one card (with its continuation cards) and one long image.

export type CardCapture = {
  png: Buffer;
  width: number;
  height: number;
  part: number;
  altText: string;
  longDescription: string;
  blocked: number;
};

async function layOut(worker: RenderWorker, markup: Markup, width: number, height: number): Promise<void> {
  await worker.setViewport(width, height > 0 ? height : 1440);
  await worker.eval(`__jiedu.set(${JSON.stringify({ css: markup.css, body: markup.body })})`, z.literal(true));
  if (markup.charts.length > 0) await worker.eval(`__jiedu.charts(${JSON.stringify(markup.charts)})`, z.literal(true));
}

/**
 * Line rules on the final layout: numbers with their units (again — a flow split rewrites the
 * text it keeps), 避头尾, no single character alone on a title's last line; then nothing may
 * stick out of its box.
 */
async function typeset(worker: RenderWorker, job: CardJob, width: number, height: number): Promise<void> {
  const rules = await worker.eval("__jiedu.lineRules()", z.object({ leftovers: stringList }));
  const leftovers = rules.leftovers;
  if (leftovers.length > 0) throw new LayoutError(`「${job.templateName}」避头尾处理失败（${leftovers.slice(0, 3).join("，")}），请调整标点`);
  const outside = await worker.eval(`__jiedu.overflow(${width}, ${height})`, stringList);
  if (outside.length > 0) throw new LayoutError(`「${job.templateName}」有内容超出版面（${outside.slice(0, 3).join("；")}），请精简文字`);
}

function unfit(job: CardJob, box: string, fontSize: number): LayoutError {
  return new LayoutError(`「${job.templateName}」的「${box}」在最小字号 ${fontSize}px 下仍放不下，请精简文字`);
}

/** Renders a fixed-size card; flowing text continues on further cards, returned in order. */
export async function renderCard(worker: RenderWorker, first: CardJob, ctx: CardContext, inspect?: InspectHook): Promise<CardCapture[]> {
  const captures: CardCapture[] = [];
  let job: CardJob | null = first;
  // A "续" card keeps the size its text shrank to, so one answer reads in one size.
  let flowCap = 0;
  for (let part = 0; job; part++) {
    if (part > 20) throw new LayoutError(`「${first.templateName}」续页过多，请精简文字`);
    const { width, height } = job.size;
    let markup = job.build(ctx);
    await layOut(worker, markup, width, height);
    let next: CardJob | null = null;
    for (const fit of await worker.eval(`__jiedu.fit(${flowCap})`, fitResults)) {
      if (fit.ok) continue;
      if (!fit.flow || !job.continueWith) throw unfit(job, fit.box, fit.fontSize);
      const split = await worker.eval("__jiedu.split()", splitResult);
      if (!split.ok) throw unfit(job, fit.box, fit.fontSize);
      // The shown part is described by the same template with only the shown paragraphs.
      markup = describeShown(job, split.shown, ctx) ?? markup;
      next = job.continueWith(split.remaining);
      flowCap = fit.fontSize;
    }
    await typeset(worker, job, width, height);
    await inspect?.(worker.page, { templateId: job.templateId, sizeKey: job.sizeKey, part, width, height });
    const png = await worker.page.screenshot({ type: "png", optimizeForSpeed: true, clip: { x: 0, y: 0, width, height }, captureBeyondViewport: false });
    captures.push({ png: Buffer.from(png), width, height, part, altText: markup.altText, longDescription: markup.longDescription, blocked: await worker.takeBlocked() });
    job = next;
  }
  return captures;
}

function describeShown(job: CardJob, shown: FlowItem[], ctx: CardContext): Markup | null {
  if (!job.withFlow) return null;
  return job.withFlow(shown).build(ctx);
}

export type LongSlice = { png: Buffer; y: number; height: number };
export type LongCapture = {
  width: number;
  height: number;
  altText: string;
  longDescription: string;
  /** Slices for each requested maximum height. */
  slices: Map<number, LongSlice[]>;
  blocked: number;
};

/**
 * Cuts a long image into slices no taller than `maxHeight`, of similar heights, only at allowed
 * positions (between text lines and blocks, never through a chart); a hard cut only if none.
 */
export function sliceLong(height: number, breaks: number[], maxHeight: number): Array<{ y: number; height: number }> {
  const out: Array<{ y: number; height: number }> = [];
  let y = 0;
  while (y < height) {
    const rest = height - y;
    if (rest <= maxHeight) {
      out.push({ y, height: rest });
      break;
    }
    const target = y + rest / Math.ceil(rest / maxHeight);
    const candidates = breaks.filter((b) => b > y + maxHeight * 0.3 && b <= y + maxHeight);
    const end = candidates.length > 0 ? candidates.reduce((best, b) => (Math.abs(b - target) < Math.abs(best - target) ? b : best)) : y + maxHeight;
    out.push({ y, height: end - y });
    y = end;
  }
  return out;
}

export async function renderLong(worker: RenderWorker, job: CardJob, ctx: CardContext, maxHeights: number[], inspect?: InspectHook): Promise<LongCapture> {
  const width = job.size.width;
  const markup = job.build(ctx);
  await layOut(worker, markup, width, 0);
  for (const fit of await worker.eval("__jiedu.fit()", fitResults)) if (!fit.ok) throw unfit(job, fit.box, fit.fontSize);
  await typeset(worker, job, width, 0);
  const layout = await worker.eval("__jiedu.longLayout()", longLayout);
  await inspect?.(worker.page, { templateId: job.templateId, sizeKey: job.sizeKey, part: 0, width, height: layout.height });
  const slices = new Map<number, LongSlice[]>();
  const shots = new Map<string, Buffer>();
  // Captures beyond the viewport were not pixel-stable between runs; a viewport as tall as the
  // page is (heights are bounded by the package schema, well under Chromium's 16384 px limit).
  const fullViewport = layout.height <= 16_000;
  if (fullViewport) await worker.setViewport(width, layout.height);
  for (const maxHeight of maxHeights) {
    const list: LongSlice[] = [];
    for (const cut of sliceLong(layout.height, layout.breaks, maxHeight)) {
      const key = `${cut.y}:${cut.height}`;
      let png = shots.get(key);
      if (!png) {
        png = Buffer.from(await worker.page.screenshot({ type: "png", optimizeForSpeed: true, clip: { x: 0, y: cut.y, width, height: cut.height }, captureBeyondViewport: !fullViewport }));
        shots.set(key, png);
      }
      list.push({ png, y: cut.y, height: cut.height });
    }
    slices.set(maxHeight, list);
  }
  return { width, height: layout.height, altText: markup.altText, longDescription: markup.longDescription, slices, blocked: await worker.takeBlocked() };
}
