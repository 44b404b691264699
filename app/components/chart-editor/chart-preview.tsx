/**
 * Live chart preview: the spec from `chartSpecFor` (the exporter's `buildChartSpec` + palette,
 * validated) drawn by vega-embed. vega-embed is loaded in the browser only (dynamic import).
 */
import { useEffect, useRef, useState } from "react";
import type { VegaLiteSpec } from "~/domain/charts/spec";

export function ChartPreview({ spec, label }: { spec: VegaLiteSpec | null; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const json = spec ? JSON.stringify(spec) : null;
  useEffect(() => {
    const el = ref.current;
    if (!el || !json) return;
    let cancelled = false;
    let finalize: (() => void) | null = null;
    import("vega-embed")
      .then(async ({ default: embed }) => {
        if (cancelled) return;
        const parsed: VegaLiteSpec = JSON.parse(json);
        const result = await embed(el, parsed, { actions: false, renderer: "svg", ast: true }); // ast: the CSP-safe interpreter, no eval
        if (cancelled) result.finalize();
        else {
          finalize = () => result.finalize();
          setError(null);
        }
      })
      .catch(() => {
        if (!cancelled) setError("预览暂时无法显示，请检查数据后重试；保存不受影响。");
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [json]);
  return (
    <figure className="chart-preview" aria-label={`${label}预览`}>
      {json ? <div ref={ref} className="chart-mount" /> : <p className="muted">数据填写完整后显示预览。</p>}
      {error ? <p className="error">{error}</p> : null}
    </figure>
  );
}
