/**
 * The expressions inside a hand-written vega-lite spec (a `calculate`, a string `filter`, a
 * condition's `test`, an `expr`…), checked before anything is rendered with vega's own
 * expression parser and code generator — the same rules the render page applies — so a
 * hostile or mistyped expression is reported with its field path ("charts[0].spec.transform[0]
 * .calculate：…") instead of failing inside the browser. Nothing is evaluated: code generation
 * produces a string. Server-only (vega-functions is large; the browser never needs it).
 */
import { parseExpression } from "vega-functions";

/** Keys whose string value vega-lite passes to vega as an expression. */
const EXPRESSION_KEYS = new Set(["calculate", "filter", "test", "expr", "signal", "update"]);

/** A stand-in for vega's parsing scope: every data set, scale and signal lookup finds nothing. */
const scope = {
  options: {},
  scales: {},
  getSignal: () => null,
  signalRef: () => null,
  getData: () => ({ tuplesRef: () => null, indataRef: () => null, valuesRef: () => null }),
  scaleRef: () => null,
  addSignal: () => null,
  fieldRef: () => null,
};

export type ExpressionIssue = { path: string; message: string };

function checkOne(expr: string): string | null {
  try {
    parseExpression(expr, scope);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // a lookup into the stand-in scope is not the expression's fault
    if (/Cannot read propert|is not a function/i.test(message)) return null;
    return message;
  }
}

/** Every expression of `spec` that vega would refuse, with the path under `base`. */
export function chartExpressionIssues(spec: unknown, base: string): ExpressionIssue[] {
  const issues: ExpressionIssue[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 40 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, `${path}[${i}]`, depth + 1);
      });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (EXPRESSION_KEYS.has(key) && typeof value === "string") {
        const problem = checkOne(value);
        if (problem) issues.push({ path: at, message: `图表表达式“${value.slice(0, 60)}”无法使用（${problem.slice(0, 120)}），请改为简单的字段计算或删除这一项` });
      } else walk(value, at, depth + 1);
    }
  };
  walk(spec, base, 0);
  return issues;
}
