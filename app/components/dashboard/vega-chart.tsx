import { useEffect, useRef, useState } from "react";

/**
 * A vega-lite chart drawn in the browser. vega-embed is imported on demand (it is large and
 * client-only); until it has drawn — or when scripts are off — the data table next to the chart
 * carries the same information, so nothing is lost.
 */
export function VegaChart({ spec, label }: { spec: unknown; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let finalize: (() => void) | undefined;
    const el = ref.current;
    if (!el || typeof spec !== "object" || spec === null) return;
    import("vega-embed")
      .then(async ({ default: embed }) => {
        if (cancelled) return;
        const result = await embed(el, JSON.parse(JSON.stringify(spec)), { actions: false, renderer: "svg", ast: true }); // ast: the CSP-safe interpreter, no eval
        finalize = () => result.finalize();
        if (cancelled) finalize();
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec]);
  return (
    <figure className="dashboard-chart" aria-label={label}>
      <div ref={ref} role="img" aria-label={`${label}（数据见右侧表格）`} />
      {failed ? <p className="muted">图表未能显示，请查看数据表。</p> : null}
    </figure>
  );
}
