/**
 * Word list numbers as text: one counter value in one `w:numFmt` ("chineseCounting" 12 → 十二,
 * "decimalEnclosedCircle" 3 → ③), and a level's `w:lvlText` ("（%1）", "%1.%2.") filled in.
 * Pure; the .docx side (numbering.xml, styles, counters) lives in docx-numbering.server.ts.
 * Formats Word has and this module does not know fall back to decimal, as the brief for the
 * extractor asks: a visible number is better than none.
 */

const CN_DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const CN_LEGAL_SIMPLIFIED = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const CN_LEGAL_TRADITIONAL = ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"];
const HEAVENLY_STEMS = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
const EARTHLY_BRANCHES = ["子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"];

type Units = { digits: string[]; zero: string; ten: string; hundred: string; thousand: string };
const COUNTING: Units = { digits: CN_DIGITS, zero: "〇", ten: "十", hundred: "百", thousand: "千" };
const LEGAL_SIMPLIFIED: Units = { digits: CN_LEGAL_SIMPLIFIED, zero: "零", ten: "拾", hundred: "佰", thousand: "仟" };
const LEGAL_TRADITIONAL: Units = { digits: CN_LEGAL_TRADITIONAL, zero: "零", ten: "拾", hundred: "佰", thousand: "仟" };

/** 1–99 the way Chinese counts: 十, 十二, 二十, 二十三. */
function belowHundred(n: number, u: Units): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return u.digits[ones];
  const head = tens === 1 ? u.ten : `${u.digits[tens]}${u.ten}`;
  return ones === 0 ? head : `${head}${u.digits[ones]}`;
}

/** 1–9999 with 百/千 and a zero for a gap: 一百〇五, 一千〇一十, 二千三百. */
function withThousands(n: number, u: Units): string {
  if (n < 100) return belowHundred(n, u);
  const thousands = Math.floor(n / 1000);
  const hundreds = Math.floor((n % 1000) / 100);
  const rest = n % 100;
  let out = "";
  if (thousands > 0) out += `${u.digits[thousands]}${u.thousand}`;
  if (hundreds > 0) out += `${u.digits[hundreds]}${u.hundred}`;
  else if (thousands > 0 && rest > 0) out += u.zero;
  if (rest === 0) return out;
  // Inside a larger number the ten keeps its digit: 一百一十, not 一百十.
  if (rest < 10) return hundreds > 0 ? `${out}${u.zero}${u.digits[rest]}` : `${out}${u.digits[rest]}`;
  const tens = Math.floor(rest / 10);
  const ones = rest % 10;
  return `${out}${u.digits[tens]}${u.ten}${ones === 0 ? "" : u.digits[ones]}`;
}

function digitByDigit(n: number, digits: string[]): string {
  return [...String(n)].map((d) => digits[Number(d)]).join("");
}

function letters(n: number, upper: boolean): string {
  // Word repeats the letter after Z: 27 → AA, 28 → BB.
  const letter = String.fromCharCode((upper ? 65 : 97) + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

const ROMAN: [number, string][] = [
  [1000, "M"],
  [900, "CM"],
  [500, "D"],
  [400, "CD"],
  [100, "C"],
  [90, "XC"],
  [50, "L"],
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

function roman(n: number): string {
  let out = "";
  let rest = n;
  for (const [value, symbol] of ROMAN) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** ①–⑳ (U+2460), ㉑–㉟ (U+3251), ㊱–㊿ (U+32B1); beyond 50 Word prints the plain number. */
function enclosedCircle(n: number): string | null {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return null;
}

/** One counter value in one w:numFmt. Unknown formats, and values a format cannot show, are decimal. */
export function formatListNumber(value: number, numFmt: string): string {
  const n = Math.trunc(value);
  const decimal = String(n);
  if (numFmt === "none") return "";
  if (n < 0) return decimal;
  switch (numFmt) {
    case "decimal":
    case "decimalHalfWidth":
      return decimal;
    case "decimalZero":
      return n < 10 ? `0${n}` : decimal;
    case "decimalFullWidth":
    case "decimalFullWidth2":
      return [...decimal].map((d) => String.fromCharCode(0xff10 + Number(d))).join("");
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return enclosedCircle(n) ?? decimal;
    case "decimalEnclosedFullstop":
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2488 + n - 1) : decimal;
    case "decimalEnclosedParen":
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : decimal;
    case "upperLetter":
      return n >= 1 ? letters(n, true) : decimal;
    case "lowerLetter":
      return n >= 1 ? letters(n, false) : decimal;
    case "upperRoman":
      return n >= 1 && n < 4000 ? roman(n) : decimal;
    case "lowerRoman":
      return n >= 1 && n < 4000 ? roman(n).toLowerCase() : decimal;
    case "ordinal":
      return ordinal(n);
    case "chineseCounting":
      // Word counts 1–99 (十二, 二十), then writes larger values digit by digit (一〇五).
      if (n === 0) return CN_DIGITS[0];
      return n < 100 ? belowHundred(n, COUNTING) : digitByDigit(n, CN_DIGITS);
    case "chineseCountingThousand":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
    case "japaneseCounting":
      if (n === 0) return CN_DIGITS[0];
      return n < 10000 ? withThousands(n, COUNTING) : digitByDigit(n, CN_DIGITS);
    case "chineseLegalSimplified":
      if (n === 0) return CN_LEGAL_SIMPLIFIED[0];
      return n < 10000 ? withThousands(n, LEGAL_SIMPLIFIED) : decimal;
    case "ideographLegalTraditional":
      if (n === 0) return CN_LEGAL_TRADITIONAL[0];
      return n < 10000 ? withThousands(n, LEGAL_TRADITIONAL) : decimal;
    case "ideographDigital":
    case "taiwaneseDigital":
      return digitByDigit(n, CN_DIGITS);
    case "ideographTraditional":
      return n >= 1 && n <= 10 ? HEAVENLY_STEMS[n - 1] : decimal;
    case "ideographZodiac":
      return n >= 1 && n <= 12 ? EARTHLY_BRANCHES[n - 1] : decimal;
    default:
      return decimal;
  }
}

/** What a `%k` placeholder needs: the value and format of level k-1 of the same list. */
export type LevelValue = { value: number; numFmt: string };

/**
 * Fills a w:lvlText: "%1" → level 0's number in its own format, "%2" → level 1's, and so on.
 * `levels[k]` is undefined for levels the text may not show (deeper than the paragraph's own);
 * their placeholders print nothing. With `legal` (w:isLgl) every number is decimal.
 */
export function fillLevelText(lvlText: string, levels: (LevelValue | undefined)[], legal = false): string {
  return lvlText.replace(/%([1-9])/g, (_, digit: string) => {
    const level = levels[Number(digit) - 1];
    if (!level) return "";
    return formatListNumber(level.value, legal && level.numFmt !== "none" ? "decimal" : level.numFmt);
  });
}

/** CJK ideographs, CJK/full-width punctuation and enclosed numbers (①, ㈠): no space needed. */
export function isCjkChar(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x2460 && c <= 0x24ff) ||
    (c >= 0x2e80 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0x20000 && c <= 0x3134f)
  );
}

/**
 * The text that stands between a label and the paragraph in plain text. Word puts a tab or a
 * space there (w:suff), or nothing. Chinese text takes no space next to the label ("一、总体要求",
 * "1.加强领导"); Latin text and digits keep one ("1. 2024年", "A. Scope"), or "1.2024" would read
 * as a decimal number.
 */
export function labelSeparator(label: string, suffix: "tab" | "space" | "nothing", firstTextChar: string | undefined): string {
  if (suffix === "nothing") return "";
  if (isCjkChar([...label].pop()) || isCjkChar(firstTextChar)) return "";
  return " ";
}
