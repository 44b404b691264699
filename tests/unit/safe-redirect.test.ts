/** Open redirects (issue 18 F5): only paths of this site, read as a browser reads them. */
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/domain/safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/\t/evil.example", "a tab a browser drops"],
    ["/\n/evil.example", "a line break a browser drops"],
    ["/\r\n/evil.example", "CRLF"],
    ["\n//evil.example", "a leading line break"],
    [" //evil.example", "a leading space"],
    ["\u0000//evil.example", "a leading control character"],
    ["//evil.example", "a protocol-relative URL"],
    ["/\\evil.example", "a backslash a browser reads as a slash"],
    ["/\\\t\\evil.example", "backslashes around a tab"],
    ["https://evil.example/app", "an absolute URL"],
    ["javascript:alert(1)", "a script URL"],
    ["app", "not a path"],
    ["", "empty"],
  ])("%j (%s) goes to the fallback", (to) => {
    expect(safeRedirect(to)).toBe("/app");
    expect(safeRedirect(to, "/zhengce")).toBe("/zhengce");
  });

  it("keeps a path of this site with its query and fragment", () => {
    expect(safeRedirect("/app/documents/12/review?tab=audit#findings")).toBe("/app/documents/12/review?tab=audit#findings");
    expect(safeRedirect("/zhengce?q=政务公开")).toBe("/zhengce?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80");
  });

  it("returns no control characters: the result is always a valid Location header", () => {
    for (const to of ["/app\n/x", "/app\u0000x", "/a\u0085b", "/a\u2028b"]) {
      const out = safeRedirect(to);
      const controls = [...out].filter((c) => { const n = c.charCodeAt(0); return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029; });
      expect(controls).toEqual([]);
      expect(() => new Headers({ Location: out })).not.toThrow();
    }
  });

  it("refuses non-strings", () => {
    expect(safeRedirect(null)).toBe("/app");
    expect(safeRedirect(undefined)).toBe("/app");
  });
});
