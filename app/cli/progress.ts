import type { RenderProgress } from "~/render/render-package.server";

/** A bar redrawn in place on a terminal; one line per step elsewhere (logs, CI). */
export function progressPrinter(stream: NodeJS.WriteStream, label: string): { update: (p: RenderProgress) => void; end: () => void } {
  if (!stream.isTTY) return { update: (p) => stream.write(`[${p.done}/${p.total}] ${p.message}\n`), end: () => {} };
  const width = 28;
  let drawn = false;
  return {
    update: (p) => {
      const filled = Math.round((p.total > 0 ? Math.min(1, p.done / p.total) : 0) * width);
      const line = `${label} ${"█".repeat(filled)}${"░".repeat(width - filled)} ${String(p.done).padStart(3)}/${p.total} ${p.message}`;
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 80) - 1)}`);
      drawn = true;
    },
    end: () => {
      if (drawn) stream.write("\n");
    },
  };
}
