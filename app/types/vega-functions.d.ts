// vega-functions (a dependency of vega) ships no types; only its expression parser is used
// (app/domain/charts/expressions.server.ts).
declare module "vega-functions" {
  /** Parses and generates code for a vega expression; throws when vega would refuse it. */
  export function parseExpression(expr: string, scope: object): { $expr: { code: string } };
}
