/**
 * Chinese numerals as they appear in 公文: counts (三个, 一百四十九项, 两项), heading markers
 * (一、, （二十）) and dates written with 〇 (二〇二〇年九月三日).
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  Ｏ: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** Character class (for RegExp sources) of every character a Chinese numeral may contain. */
export const CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟";

/**
 * Parses a Chinese numeral ("一百四十九", "十六", "两", "二〇二〇") into a number.
 * Returns null when the string is not a well-formed numeral, so callers can skip words such as
 * "万一" instead of producing nonsense figures.
 */
export function parseChineseNumeral(input: string): number | null {
  if (input.length === 0) return null;
  // Digit-by-digit form used for years: 二〇二〇.
  if (input.length >= 2 && [...input].every((ch) => ch in DIGITS)) {
    let value = 0;
    for (const ch of input) value = value * 10 + DIGITS[ch];
    return value;
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of input) {
    if (ch in DIGITS) {
      // Two non-zero digits in a row ("三三") are not a counting numeral; 零 may precede a digit.
      if (digit !== null && digit !== 0 && DIGITS[ch] !== 0) return null;
      digit = DIGITS[ch];
    } else if (ch in SMALL_UNITS) {
      // "十六" starts with a bare unit: it means 1×10.
      section += (digit ?? 1) * SMALL_UNITS[ch];
      digit = null;
    } else if (ch in BIG_UNITS) {
      section += digit ?? 0;
      if (section === 0) return null;
      total += section * BIG_UNITS[ch];
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}

/** Number from Arabic digits (with optional thousands separators) or a Chinese numeral. */
export function parseNumber(input: string): number | null {
  const ascii = input.replace(/[,，]/g, "");
  if (/^\d+(?:\.\d+)?$/.test(ascii)) return Number(ascii);
  return parseChineseNumeral(input);
}

const SMALL_NAMES = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 12 → 十二, 20 → 二十 (heading markers only go this far in practice). */
export function toChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value >= 1000) return String(value);
  if (value < 10) return SMALL_NAMES[value];
  if (value < 20) return `十${value % 10 === 0 ? "" : SMALL_NAMES[value % 10]}`;
  if (value < 100) return `${SMALL_NAMES[Math.floor(value / 10)]}十${value % 10 === 0 ? "" : SMALL_NAMES[value % 10]}`;
  const rest = value % 100;
  const head = `${SMALL_NAMES[Math.floor(value / 100)]}百`;
  if (rest === 0) return head;
  if (rest < 10) return `${head}零${SMALL_NAMES[rest]}`;
  return `${head}${rest < 20 ? "一" : ""}${toChineseNumeral(rest)}`;
}
