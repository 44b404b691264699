/**
 * `jiedu export --document <id> [--out <dir>] [--channels wechat,weibo,douyin,xhs,web] [--browsers N]`
 * Renders a document's interpretation package from the database (the published snapshot when
 * the document is published, else the current draft) into images, manifest.json, alt-text.txt
 * and a ZIP. Read-only on the database. Progress on stderr: a bar on a terminal, plain lines
 * otherwise; the summary on stdout.
 */

import { resolve } from "node:path";
import { exportSourceForDocument } from "~/features/export/source.server";
import { parseChannelList } from "~/render/presets";
import { renderPackage } from "~/render/render-package.server";
import { type ParsedArgs, parseCommandArgs } from "./args";
import { progressPrinter } from "./progress";
import { CHANNEL_IDS, type ChannelId } from "~/domain/vocabulary";

const USAGE = `用法 usage: jiedu export --document <文件编号> [--out <目录>] [--channels ${CHANNEL_IDS.join(",")}] [--browsers 2]`;

type Args = { documentId: number; out: string | null; channels: ChannelId[] | null; browsers: number | undefined };

function parseArgs(args: string[]): ParsedArgs<Args> {
  let documentId: number | null = null;
  let out: string | null = null;
  let channels: ChannelId[] | null = null;
  let browsers: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, null];
    const value = () => inline ?? args[++i] ?? "";
    if (flag === "--document" || flag === "-d") {
      const raw = value();
      if (!/^\d{1,12}$/.test(raw) || Number(raw) <= 0) return { ok: false, message: `文件编号应为正整数，收到“${raw}”` };
      documentId = Number(raw);
    } else if (flag === "--out" || flag === "-o") out = value() || null;
    else if (flag === "--channels") {
      const parsed = parseChannelList(value());
      if (!parsed.ok) return { ok: false, message: parsed.message };
      channels = parsed.channels;
    } else if (flag === "--browsers") {
      browsers = Number(value());
      if (!Number.isInteger(browsers) || browsers < 1 || browsers > 8) return { ok: false, message: "--browsers 应为 1–8 的整数" };
    } else return { ok: false, message: `未知参数：${arg}` };
  }
  if (documentId === null) return { ok: false, message: "请用 --document 指定文件编号" };
  return { ok: true, value: { documentId, out, channels, browsers } };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, USAGE, parseArgs);
  if ("exitCode" in parsed) return parsed.exitCode;
  const { documentId, browsers } = parsed.value;
  const source = exportSourceForDocument(documentId);
  if (!source.ok) {
    process.stderr.write(`错误：${source.reason}\n`);
    return 1;
  }
  const channels = parsed.value.channels ?? source.defaultChannels;
  const out = resolve(parsed.value.out ?? `jiedu-export-${documentId}`);
  process.stderr.write(`导出文件 ${documentId}（${source.source === "published" ? "已发布版本" : "当前草稿"}）：${channels.join(", ")} → ${out}\n`);
  const progress = progressPrinter(process.stderr, "导出");
  try {
    const result = await renderPackage(source.data, { outDir: out, channels, poolSize: browsers, onProgress: progress.update });
    progress.end();
    const lines = [
      `已生成 ${result.manifest.images.length} 张图片（${channels.join(", ")}），用时 ${(result.timings.totalMs / 1000).toFixed(1)} 秒`,
      `清单：${result.manifestPath}`,
      `替代文字：${result.altTextPath}`,
      ...(result.zipPath ? [`压缩包：${result.zipPath}`] : []),
      ...result.warnings.map((w) => `提示：${w}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } catch (error) {
    progress.end();
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`错误：${message.replace(/\n\s*/g, " ")}\n`);
    return 1;
  }
}
