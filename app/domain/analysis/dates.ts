/**
 * Dates as written in 公文: "2020年9月3日", "二〇二〇年九月三日", and deadline phrases
 * ("2020年年底前", "2020年8月底前", "6月30日前") turned into ISO dates.
 */
import { parseChineseNumeral } from "./chinese-numerals";

const NUM = "\\d{1,4}|[〇零一二三四五六七八九十]{1,4}";

export const DATE_SOURCE = `(${NUM})年(${NUM})月(${NUM})日`;

function num(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : parseChineseNumeral(text);
}

export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  if (day > lastDayOfMonth(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2020年9月3日" / "二〇二〇年九月三日" → "2020-09-03"; null when not a real date. */
export function parseChineseDate(text: string): string | null {
  const m = new RegExp(`^${DATE_SOURCE}`).exec(text);
  if (!m) return null;
  const y = num(m[1]);
  const mo = num(m[2]);
  const d = num(m[3]);
  if (y === null || mo === null || d === null) return null;
  return isoDate(y, mo, d);
}

/** Quarter/half-year ends used by deadline phrases. */
export function periodEnd(year: number, period: string): string | null {
  switch (period) {
    case "上半年":
    case "年中":
    case "二季度":
    case "第二季度":
      return isoDate(year, 6, 30);
    case "一季度":
    case "第一季度":
      return isoDate(year, 3, 31);
    case "三季度":
    case "第三季度":
      return isoDate(year, 9, 30);
    default:
      return isoDate(year, 12, 31);
  }
}
