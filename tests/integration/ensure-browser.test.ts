/**
 * The `npm start` browser pre-step (issue 12): when puppeteer's own download fails, the officer
 * sees one clear Chinese line — not the installer's help text and stack. The real installer is
 * run, offline by construction (its proxy is a closed local port), with an empty cache.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeDownloadFailure, downloadWithPuppeteer } from "../../scripts/ensure-browser";

const cache = mkdtempSync(join(tmpdir(), "jiedu-puppeteer-cache-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe("the browser pre-step", () => {
  it("a failed puppeteer download prints one Chinese line", () => {
    const lines: string[] = [];
    const env = { ...process.env, PUPPETEER_CACHE_DIR: cache, PUPPETEER_SKIP_DOWNLOAD: "", HTTPS_PROXY: "http://127.0.0.1:9", https_proxy: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9", http_proxy: "http://127.0.0.1:9", NO_PROXY: "", no_proxy: "" };
    const ok = downloadWithPuppeteer(resolve(import.meta.dirname, "../../node_modules/.bin/puppeteer"), env, (line) => lines.push(line));
    expect(ok).toBe(false);
    const printed = lines.join("");
    expect(printed.trim().split("\n")).toHaveLength(2); // the "downloading…" line and the one failure line
    expect(lines[1]).toMatch(/^\[jiedu\] 下载 puppeteer 自带浏览器失败（.+）。请检查网络后重试，或安装系统 Chromium：apt-get install -y chromium，或设置 CHROMIUM_PATH。\n$/);
    expect(printed).not.toContain("Positionals");
    expect(printed).not.toMatch(/\bat \S+ \(/);
  }, 120_000);

  it("names the cause it recognises", () => {
    expect(describeDownloadFailure("Error: All providers failed\n  - DefaultProvider: getaddrinfo ENOTFOUND storage.googleapis.com\n    at x (y.js:1:1)")).toContain("无法解析下载服务器 storage.googleapis.com，网络可能不通");
    expect(describeDownloadFailure("connect ECONNREFUSED 127.0.0.1:9")).toContain("无法连接下载服务器");
    expect(describeDownloadFailure("something else")).toContain("下载没有完成");
  });
});
