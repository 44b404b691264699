import JSZip from "jszip";

export function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A paragraph: plain text, or text with a paragraph style and/or direct list numbering (numPr). */
export type DocxParagraph =
  | string
  | {
      text: string;
      style?: string;
      /** direct w:numPr; `level` omitted writes no w:ilvl */
      num?: { id: number; level?: number };
      /** split the text into several runs at these offsets (Word does this all the time) */
      splitAt?: number[];
    }
  /** a body element written verbatim (a table, a paragraph with a text box …) */
  | { xml: string };

/** One w:lvl of an abstract list, written as Word writes it. */
export type DocxLevel = {
  ilvl: number;
  numFmt: string;
  lvlText: string;
  /** w:start; omitted writes none (the spec then means 0) */
  start?: number;
  /** w:lvlRestart */
  restart?: number;
  suff?: "tab" | "space" | "nothing";
  /** the paragraph style linked to this level (w:pStyle) */
  pStyle?: string;
  isLgl?: boolean;
};

export type DocxNumbering = {
  /** `numStyleLink`: the levels live in the list a numbering style points at; `styleLink`: that list */
  abstractNums: { id: number; levels: DocxLevel[]; numStyleLink?: string; styleLink?: string }[];
  /** list instances; `startOverrides` maps ilvl → w:startOverride */
  nums: { id: number; abstractNumId: number; startOverrides?: Record<number, number> }[];
};

export type DocxStyle = {
  id: string;
  /** "paragraph" unless given; a "numbering" style carries a list for numStyleLink */
  type?: "paragraph" | "numbering";
  name?: string;
  basedOn?: string;
  /** w:numPr in the style's w:pPr (a numbered heading style) */
  num?: { id: number; level?: number };
  default?: boolean;
};

export type DocxOptions = {
  numbering?: DocxNumbering;
  /** verbatim word/numbering.xml, for shapes the structured form cannot express */
  numberingXml?: string;
  styles?: DocxStyle[];
};

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const EXTRA_NAMESPACES = [
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
  'xmlns:v="urn:schemas-microsoft-com:vml"',
  'mc:Ignorable="wps"',
].join(" ");
const REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function numPrXml(num: { id: number; level?: number }): string {
  const ilvl = num.level === undefined ? "" : `<w:ilvl w:val="${num.level}"/>`;
  return `<w:numPr>${ilvl}<w:numId w:val="${num.id}"/></w:numPr>`;
}

function runs(text: string, splitAt: number[] = []): string {
  const cuts = [0, ...splitAt.filter((n) => n > 0 && n < text.length), text.length];
  const out: string[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    out.push(`<w:r><w:t xml:space="preserve">${xmlEscape(text.slice(cuts[i], cuts[i + 1]))}</w:t></w:r>`);
  }
  return out.join("");
}

function paragraphXml(p: DocxParagraph): string {
  if (typeof p === "string") return `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`;
  if ("xml" in p) return p.xml;
  const style = p.style === undefined ? "" : `<w:pStyle w:val="${xmlEscape(p.style)}"/>`;
  const num = p.num === undefined ? "" : numPrXml(p.num);
  const pPr = style || num ? `<w:pPr>${style}${num}</w:pPr>` : "";
  return `<w:p>${pPr}${runs(p.text, p.splitAt)}</w:p>`;
}

export function numberingXml(numbering: DocxNumbering): string {
  const abstracts = numbering.abstractNums.map((a) => {
    const levels = a.levels.map((l) => {
      const parts = [
        l.start === undefined ? "" : `<w:start w:val="${l.start}"/>`,
        `<w:numFmt w:val="${l.numFmt}"/>`,
        l.restart === undefined ? "" : `<w:lvlRestart w:val="${l.restart}"/>`,
        l.pStyle === undefined ? "" : `<w:pStyle w:val="${xmlEscape(l.pStyle)}"/>`,
        l.isLgl ? "<w:isLgl/>" : "",
        l.suff === undefined ? "" : `<w:suff w:val="${l.suff}"/>`,
        `<w:lvlText w:val="${xmlEscape(l.lvlText)}"/>`,
        '<w:lvlJc w:val="left"/>',
      ];
      return `<w:lvl w:ilvl="${l.ilvl}">${parts.join("")}</w:lvl>`;
    });
    const links = [
      a.styleLink === undefined ? "" : `<w:styleLink w:val="${xmlEscape(a.styleLink)}"/>`,
      a.numStyleLink === undefined ? "" : `<w:numStyleLink w:val="${xmlEscape(a.numStyleLink)}"/>`,
    ].join("");
    return `<w:abstractNum w:abstractNumId="${a.id}"><w:multiLevelType w:val="multilevel"/>${links}${levels.join("")}</w:abstractNum>`;
  });
  const nums = numbering.nums.map((n) => {
    const overrides = Object.entries(n.startOverrides ?? {})
      .map(([ilvl, start]) => `<w:lvlOverride w:ilvl="${ilvl}"><w:startOverride w:val="${start}"/></w:lvlOverride>`)
      .join("");
    return `<w:num w:numId="${n.id}"><w:abstractNumId w:val="${n.abstractNumId}"/>${overrides}</w:num>`;
  });
  return `${XML_DECL}<w:numbering xmlns:w="${W}">${abstracts.join("")}${nums.join("")}</w:numbering>`;
}

function stylesXml(styles: DocxStyle[]): string {
  const body = styles.map((s) => {
    const name = `<w:name w:val="${xmlEscape(s.name ?? s.id)}"/>`;
    const basedOn = s.basedOn === undefined ? "" : `<w:basedOn w:val="${xmlEscape(s.basedOn)}"/>`;
    const pPr = s.num === undefined ? "" : `<w:pPr>${numPrXml(s.num)}</w:pPr>`;
    const isDefault = s.default ? ' w:default="1"' : "";
    return `<w:style w:type="${s.type ?? "paragraph"}"${isDefault} w:styleId="${xmlEscape(s.id)}">${name}${basedOn}${pPr}</w:style>`;
  });
  return `${XML_DECL}<w:styles xmlns:w="${W}">${body.join("")}</w:styles>`;
}

/**
 * A minimal real .docx built in memory for importer tests: one run per paragraph (or several
 * with `splitAt`), and, when asked, word/numbering.xml and word/styles.xml wired up through
 * the content types and the document's relationships as Word writes them.
 */
export async function buildDocx(paragraphs: DocxParagraph[], options: DocxOptions = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  const numbering = options.numberingXml ?? (options.numbering ? numberingXml(options.numbering) : undefined);
  const overrides = [
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
  ];
  const rels: string[] = [];
  if (numbering !== undefined) {
    overrides.push(
      '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>',
    );
    rels.push(`<Relationship Id="rIdNumbering" Type="${REL_BASE}/numbering" Target="numbering.xml"/>`);
    zip.file("word/numbering.xml", numbering);
  }
  if (options.styles !== undefined) {
    overrides.push('<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>');
    rels.push(`<Relationship Id="rIdStyles" Type="${REL_BASE}/styles" Target="styles.xml"/>`);
    zip.file("word/styles.xml", stylesXml(options.styles));
  }
  zip.file(
    "[Content_Types].xml",
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`,
  );
  zip.file(
    "_rels/.rels",
    `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_BASE}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  if (rels.length > 0) {
    zip.file(
      "word/_rels/document.xml.rels",
      `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`,
    );
  }
  const body = paragraphs.map(paragraphXml).join("");
  // Verbatim elements may use drawing, VML and markup-compatibility prefixes: declare them.
  const extraNamespaces = paragraphs.some((p) => typeof p !== "string" && "xml" in p) ? ` ${EXTRA_NAMESPACES}` : "";
  zip.file("word/document.xml", `${XML_DECL}<w:document xmlns:w="${W}"${extraNamespaces}><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: "uint8array" });
}
