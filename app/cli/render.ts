/**
 * `jiedu render <package.json> --out <dir> [--channels wechat,weibo,douyin,xhs,web] [--browsers N]`
 * Renders an interpretation package described as JSON into new-media images, manifest.json,
 * alt-text.txt and a ZIP. Progress: a bar on a terminal, plain lines otherwise (stderr);
 * the summary goes to stdout.
 */

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parsePackageData } from "~/domain/package-data";
import { parseChannelList } from "~/render/presets";
import { renderPackage } from "~/render/render-package.server";
import { type ParsedArgs, parseCommandArgs } from "./args";
import { progressPrinter } from "./progress";
import { CHANNEL_IDS, type ChannelId } from "~/domain/vocabulary";

const USAGE = `用法 usage: jiedu render <package.json> --out <目录> [--channels ${CHANNEL_IDS.join(",")}] [--browsers 2]`;

type Args = { file: string; out: string; channels: ChannelId[]; browsers: number | undefined };

function parseArgs(args: string[]): ParsedArgs<Args> {
  let file: string | null = null;
  let out: string | null = null;
  let channels: ChannelId[] = [...CHANNEL_IDS];
  let browsers: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, null];
    const value = () => inline ?? args[++i];
    if (flag === "--out" || flag === "-o") out = value() ?? null;
    else if (flag === "--channels") {
      const parsed = parseChannelList(value() ?? "");
      if (!parsed.ok) return { ok: false, message: parsed.message };
      channels = parsed.channels;
    } else if (flag === "--browsers") {
      browsers = Number(value());
      if (!Number.isInteger(browsers) || browsers < 1 || browsers > 8) return { ok: false, message: "--browsers 应为 1–8 的整数" };
    } else if (flag.startsWith("-")) return { ok: false, message: `未知选项：${flag}` };
    else if (file === null) file = arg;
    else return { ok: false, message: `多余的参数：${arg}` };
  }
  if (!file) return { ok: false, message: "请指定解读包 JSON 文件" };
  if (!out) return { ok: false, message: "请用 --out 指定输出目录" };
  return { ok: true, value: { file, out, channels, browsers } };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, USAGE, parseArgs);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { file, out, channels, browsers } = parsed.value;

  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    process.stderr.write(`错误：无法读取文件 ${file}，请检查路径。\n`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`错误：${file} 不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）。\n`);
    return 1;
  }
  const pkg = parsePackageData(json);
  if (!pkg.ok) {
    process.stderr.write(`错误：解读包 ${file} 数据有误，共 ${pkg.issues.length} 处，请修改后重试：\n`);
    for (const issue of pkg.issues) process.stderr.write(`  ${issue.path}：${issue.message}\n`);
    return 1;
  }

  const progress = progressPrinter(process.stderr, "渲染");
  try {
    const result = await renderPackage(pkg.data, { outDir: resolve(out), channels, poolSize: browsers, onProgress: progress.update });
    progress.end();
    const lines = [
      `已生成 ${result.manifest.images.length} 张图片（${channels.join(", ")}），用时 ${(result.timings.totalMs / 1000).toFixed(1)} 秒`,
      `清单：${result.manifestPath}`,
      `替代文字：${result.altTextPath}`,
      ...(result.zipPath ? [`压缩包：${result.zipPath}`] : []),
      ...(result.blockedRequests > 0 ? [`已拦截 ${result.blockedRequests} 个外部请求`] : []),
      ...result.warnings.map((w) => `提示：${w}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } catch (error) {
    progress.end();
    process.stderr.write(`${renderFailure(error)}\n`);
    return 1;
  }
}

/**
 * What a failed render prints: package problems with their field paths; anything else in one
 * line (never a stack trace) with what to do next.
 */
export function renderFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (name === "PackageInvalidError") return `错误：${message.trim()}\n请修改解读包后重试。`;
  if (["BrowserMissingError", "LayoutError", "ChannelLimitError"].includes(name)) return `错误：${message.split("\n")[0]}`;
  return `错误：渲染失败（${message.split("\n")[0].slice(0, 200)}）。请检查解读包内容后重试；如仍失败，请联系管理员。`;
}
