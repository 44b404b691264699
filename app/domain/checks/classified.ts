/** Classified markings (保密关): any of them in material meant for the public is an error. */
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

export const CLASSIFIED_MARKINGS = ["绝密", "机密", "秘密", "★", "内部资料", "注意保密"] as const;

const RE = /绝密|机密|秘密|★|内部资料|注意保密/g;

export function checkClassified(input: InterpretationText): Finding[] {
  return [...input.text.matchAll(RE)].map((m) => {
    const offset = m.index ?? 0;
    return {
      rule: "secrecy.marking",
      severity: "error" as const,
      message: `出现密级或内部标识“${m[0]}”。涉密或内部内容不得公开，请删除该内容并交保密关审核。`,
      excerpt: m[0],
      offset,
      expected: null,
      field: fieldAt(input.segments, offset),
    };
  });
}
