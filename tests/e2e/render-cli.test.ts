/** `jiedu render` as a user runs it: real process, real browser, real files. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { FIXTURE_PATH } from "./render-helpers";

const BIN = new URL("../../bin/jiedu.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "jiedu-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jiedu(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("jiedu render", () => {
  it("renders the example package: exit 0, files, manifest, ZIP", () => {
    const out = join(dir, "out");
    const { code, stdout, stderr } = jiedu("render", FIXTURE_PATH, "--out", out, "--channels", "xhs,wechat");
    expect(stderr).not.toContain("错误");
    expect(code).toBe(0);
    const manifest = z.object({ images: z.array(z.object({ file: z.string(), channel: z.string() })) }).parse(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
    expect(manifest.images.length).toBeGreaterThanOrEqual(12);
    expect(new Set(manifest.images.map((i) => i.channel))).toEqual(new Set(["xhs", "wechat"]));
    for (const image of manifest.images) expect(existsSync(join(out, image.file))).toBe(true);
    expect(existsSync(join(out, "jiedu-images.zip"))).toBe(true);
    expect(stdout).toContain(`已生成 ${manifest.images.length} 张图片`);
    // Not a terminal here: progress comes as plain lines.
    expect(stderr).toMatch(/^\[\d+\/\d+\] /m);
  });

  it("rejects an invalid package file with the fields at fault, in Chinese, exit 1", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ document: { title: "标题", docNumber: "青西新管办发〔2020〕84号", issuer: "管委办", date: "2020-13-01", department: "办公室" }, sections: {}, qa: [{ question: "问".repeat(90), answer: "答" }] }));
    const { code, stderr } = jiedu("render", bad, "--out", join(dir, "bad-out"));
    expect(code).toBe(1);
    expect(stderr).toContain("解读包");
    expect(stderr).toContain("数据有误");
    expect(stderr).toContain("document.date：成文日期不是有效日期");
    expect(stderr).toContain("qa[0].question：问题不能超过 80 个字，请精简");
    expect(existsSync(join(dir, "bad-out"))).toBe(false);
  });

  it("says so when the file is not JSON or the options are wrong", () => {
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ 不是 json");
    expect(jiedu("render", notJson, "--out", dir).stderr).toContain("不是有效的 JSON");
    const noOut = jiedu("render", FIXTURE_PATH);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("--out");
    expect(jiedu("render", FIXTURE_PATH, "--out", dir, "--channels", "tiktok").stderr).toContain("未知渠道：tiktok");
  });
});
