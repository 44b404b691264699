/**
 * Word list numbers as text: each w:numFmt the extractor supports, lvlText filling (multi-level,
 * legal numbering) and the separator between a label and its paragraph.
 */
import { describe, expect, it } from "vitest";
import { fillLevelText, formatListNumber, labelSeparator } from "~/domain/intake/list-labels";

const series = (numFmt: string, values: number[]) => values.map((v) => formatListNumber(v, numFmt));

describe("formatListNumber", () => {
  it("Chinese counting as Word shows it", () => {
    expect(series("chineseCounting", [1, 2, 9, 10, 11, 19, 20, 21, 99, 105])).toEqual([
      "一", "二", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一〇五",
    ]);
    expect(series("chineseCountingThousand", [1, 10, 15, 30, 100, 101, 110, 115, 1000, 1001, 1010, 2300])).toEqual([
      "一", "十", "十五", "三十", "一百", "一百〇一", "一百一十", "一百一十五", "一千", "一千〇一", "一千〇一十", "二千三百",
    ]);
    expect(series("chineseLegalSimplified", [1, 3, 10, 12, 40])).toEqual(["壹", "叁", "拾", "拾贰", "肆拾"]);
    expect(series("ideographTraditional", [1, 2, 10, 11])).toEqual(["甲", "乙", "癸", "11"]);
    expect(series("ideographZodiac", [1, 12])).toEqual(["子", "亥"]);
    expect(series("ideographDigital", [7, 10, 2024])).toEqual(["七", "一〇", "二〇二四"]);
  });

  it("enclosed, full-width and zero-padded decimals", () => {
    expect(series("decimalEnclosedCircle", [1, 10, 20, 21, 35, 36, 50, 51])).toEqual(["①", "⑩", "⑳", "㉑", "㉟", "㊱", "㊿", "51"]);
    expect(series("decimalEnclosedCircleChinese", [3])).toEqual(["③"]);
    expect(series("decimalEnclosedParen", [1, 20, 21])).toEqual(["⑴", "⒇", "21"]);
    expect(series("decimalEnclosedFullstop", [1, 20])).toEqual(["⒈", "⒛"]);
    expect(series("decimalFullWidth", [7, 12])).toEqual(["７", "１２"]);
    expect(series("decimalZero", [3, 10])).toEqual(["03", "10"]);
    expect(series("decimal", [0, 1, 123])).toEqual(["0", "1", "123"]);
  });

  it("letters, roman numerals and ordinals", () => {
    expect(series("upperLetter", [1, 26, 27, 28, 53])).toEqual(["A", "Z", "AA", "BB", "AAA"]);
    expect(series("lowerLetter", [1, 3])).toEqual(["a", "c"]);
    expect(series("upperRoman", [1, 4, 9, 14, 40, 1994])).toEqual(["I", "IV", "IX", "XIV", "XL", "MCMXCIV"]);
    expect(series("lowerRoman", [3, 12])).toEqual(["iii", "xii"]);
    expect(series("ordinal", [1, 2, 3, 4, 11, 12, 13, 21, 22, 111])).toEqual([
      "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "111th",
    ]);
  });

  it("none prints nothing; unknown formats and values a format cannot show fall back to decimal", () => {
    expect(formatListNumber(3, "none")).toBe("");
    expect(formatListNumber(3, "hebrew2")).toBe("3");
    expect(formatListNumber(3, "")).toBe("3");
    expect(formatListNumber(0, "upperRoman")).toBe("0");
    expect(formatListNumber(0, "lowerLetter")).toBe("0");
  });
});

describe("fillLevelText", () => {
  const cn = (value: number) => ({ value, numFmt: "chineseCounting" });
  const dec = (value: number) => ({ value, numFmt: "decimal" });

  it("fills each placeholder with its level's number in that level's format", () => {
    expect(fillLevelText("%1、", [cn(3)])).toBe("三、");
    expect(fillLevelText("（%2）", [cn(1), cn(12)])).toBe("（十二）");
    expect(fillLevelText("%1.%2.%3", [dec(2), dec(1), dec(5)])).toBe("2.1.5");
    expect(fillLevelText("第%1章", [cn(4)])).toBe("第四章");
    expect(fillLevelText("附件%1", [dec(2)])).toBe("附件2");
  });

  it("placeholders for levels it may not show print nothing; legal numbering is decimal", () => {
    expect(fillLevelText("%1.%2", [dec(1)])).toBe("1.");
    expect(fillLevelText("%1.%2", [cn(2), { value: 3, numFmt: "upperRoman" }], true)).toBe("2.3");
  });
});

describe("labelSeparator", () => {
  it("no space in Chinese, one space before Latin text or digits, nothing when Word puts nothing", () => {
    expect(labelSeparator("一、", "nothing", "总")).toBe("");
    expect(labelSeparator("1.", "tab", "加")).toBe("");
    expect(labelSeparator("（1）", "space", "2")).toBe("");
    expect(labelSeparator("1.", "tab", "2")).toBe(" ");
    expect(labelSeparator("A.", "space", "S")).toBe(" ");
    expect(labelSeparator("(a)", "nothing", "S")).toBe("");
  });
});
