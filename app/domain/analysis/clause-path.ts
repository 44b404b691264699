/**
 * Human-readable citations of outline paths, as officers write them in interpretations and
 * review opinions: ["附件1", "二、", "（三）", "5."] → "附件1第二部分第（三）项第5条".
 */

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^正文$/, () => "通知正文"],
  [/^附件\d*$/, (m) => m[0]],
  [/^第.+[章节条]$/, (m) => m[0]],
  [/^[（(](\d+)[）)]$/, (m) => `第（${m[1]}）点`],
  [/^[（(](.+)[）)]$/, (m) => `第（${m[1]}）项`],
  [/^(\d+)[.．、]$/, (m) => `第${m[1]}条`],
  [/^(.+)、$/, (m) => `第${m[1]}部分`],
];

export function describeClausePath(path: string[]): string {
  if (path.length === 0) return "全文";
  return path
    .map((raw) => {
      const marker = raw.trim();
      for (const [re, describe] of RULES) {
        const m = re.exec(marker);
        if (m) return describe(m);
      }
      return marker;
    })
    .join("");
}
