/**
 * Word's automatic numbering, written into the text. Officers often let Word number the
 * headings ("一、", "（一）", "1.", "（1）" as list levels); those labels live in numbering.xml,
 * not in the paragraph, so a raw-text extractor drops them and the outline finds no headings.
 * This module computes every label the way Word displays it and puts it into its paragraph as
 * a plain first run, so mammoth then reads it as ordinary text — no index alignment between two
 * walks of the document is needed.
 *
 * Map of the flow:
 *   1. open the package and find the main document, its numbering part and its styles part
 *      through the relationships (word/document.xml etc. as a fallback); no numbering part →
 *      nothing to do;
 *   2. read numbering.xml: abstract lists (levels: start, numFmt, lvlText, lvlRestart, suff,
 *      isLgl, pStyle; numStyleLink) and list instances (num → abstractNum, lvlOverride with
 *      startOverride or a whole lvl);
 *   3. read styles.xml: paragraph styles with numPr (heading styles), basedOn chains, the
 *      default paragraph style, numbering styles (for numStyleLink);
 *   4. walk the paragraphs of document.xml in document order (tables, content controls and
 *      text boxes included; the mc:Choice copy of alternate content skipped, as mammoth reads
 *      the mc:Fallback copy), resolve each one's list and level (direct numPr over the style's),
 *      advance the counters and fill in lvlText;
 *   5. prefix the label (plus the separator) to every numbered paragraph that has text, and
 *      hand back a re-zipped package — or null when no paragraph got a label, so a document
 *      without numbering reaches mammoth byte for byte as uploaded.
 *
 * Counters belong to the abstract list, not to the instance: Word continues one list across
 * every w:num that points at the same w:abstractNum; an instance with a startOverride restarts
 * the shared counter of that level the first time it is used (ECMA-376 §17.9, as Word does it).
 * Bullets are counted but get no label: their glyphs are symbol-font characters, not text.
 */
import { createRequire } from "node:module";
import path from "node:path";
import JSZip from "jszip";
import { fillLevelText, type LevelValue, labelSeparator } from "./list-labels";

const W_NAMESPACES = new Set([
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main",
]);
const MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const LEVELS = 9;

// ------------------------------------------------------------------ XML access

type XmlApi = {
  DOMParser: new (options: { errorHandler: (level: string, message: string) => void }) => {
    parseFromString(source: string, mimeType: string): Document;
  };
  XMLSerializer: new () => { serializeToString(node: Node): string };
};

let xmlApi: XmlApi | null = null;

/** The XML parser mammoth itself parses with (@xmldom/xmldom, its own dependency). */
function xml(): XmlApi {
  if (!xmlApi) {
    const require = createRequire(import.meta.url);
    xmlApi = createRequire(require.resolve("mammoth"))("@xmldom/xmldom");
  }
  if (!xmlApi) throw new Error("@xmldom/xmldom is not available");
  return xmlApi;
}

export class NumberingReadError extends Error {}

function parseXml(source: string, part: string): Document {
  let problem: string | null = null;
  const parser = new (xml().DOMParser)({
    errorHandler: (level, message) => {
      if (level !== "warning" && problem === null) problem = message;
    },
  });
  const doc = parser.parseFromString(source.replace(/^\uFEFF/, ""), "text/xml");
  if (problem !== null || !doc.documentElement) throw new NumberingReadError(`${part}: ${problem ?? "no root element"}`);
  return doc;
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

function isWml(el: Element, localName: string): boolean {
  return el.localName === localName && W_NAMESPACES.has(el.namespaceURI ?? "");
}

/** Element children, with mc:AlternateContent replaced by its mc:Fallback (what mammoth reads). */
function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (!isElement(n)) continue;
    if (n.localName === "AlternateContent" && n.namespaceURI === MC_NS) {
      for (const alt of elementChildren(n)) {
        if (alt.localName === "Fallback" && alt.namespaceURI === MC_NS) out.push(...elementChildren(alt));
      }
    } else {
      out.push(n);
    }
  }
  return out;
}

function child(el: Element | undefined, localName: string): Element | undefined {
  return el ? elementChildren(el).find((c) => isWml(c, localName)) : undefined;
}

function childrenNamed(el: Element, localName: string): Element[] {
  return elementChildren(el).filter((c) => isWml(c, localName));
}

function attr(el: Element | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const value = el.getAttributeNS(el.namespaceURI, name) || el.getAttribute(`w:${name}`);
  return value === null || value === "" ? undefined : value;
}

function intAttr(el: Element | undefined, name = "val"): number | undefined {
  const value = attr(el, name);
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** An on/off property: present without a value means on. */
function onOff(el: Element | undefined): boolean {
  if (!el) return false;
  const value = attr(el, "val");
  return value === undefined || !["0", "false", "off"].includes(value);
}

// ------------------------------------------------------------------ package parts

async function readPart(zip: JSZip, name: string): Promise<string | null> {
  const file = zip.file(name);
  return file ? file.async("string") : null;
}

/** Targets of the relationships in one .rels part, by relationship type suffix. */
async function relationships(zip: JSZip, relsPath: string, baseDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const source = await readPart(zip, relsPath);
  if (source === null) return out;
  const doc = parseXml(source, relsPath);
  const rels = doc.getElementsByTagNameNS("http://schemas.openxmlformats.org/package/2006/relationships", "Relationship");
  for (let i = 0; i < rels.length; i++) {
    const rel = rels[i];
    const type = rel.getAttribute("Type") ?? "";
    const target = rel.getAttribute("Target");
    if (!target || rel.getAttribute("TargetMode") === "External") continue;
    const kind = type.slice(type.lastIndexOf("/") + 1);
    const resolved = target.startsWith("/") ? target.slice(1) : path.posix.join(baseDir, target);
    if (!out.has(kind)) out.set(kind, resolved);
  }
  return out;
}

type Parts = { documentPath: string; numberingPath: string | null; stylesPath: string | null };

async function locateParts(zip: JSZip): Promise<Parts> {
  const root = await relationships(zip, "_rels/.rels", "");
  const documentPath = root.get("officeDocument") ?? "word/document.xml";
  const dir = path.posix.dirname(documentPath);
  const docRels = await relationships(zip, path.posix.join(dir, "_rels", `${path.posix.basename(documentPath)}.rels`), dir);
  const exists = (p: string | undefined): string | null => (p && zip.file(p) ? p : null);
  return {
    documentPath,
    numberingPath: exists(docRels.get("numbering")) ?? exists("word/numbering.xml"),
    stylesPath: exists(docRels.get("styles")) ?? exists("word/styles.xml"),
  };
}

// ------------------------------------------------------------------ numbering.xml and styles.xml

type Suffix = "tab" | "space" | "nothing";

type Level = {
  start: number;
  numFmt: string;
  lvlText: string;
  /** w:lvlRestart: undefined = restart after any higher level, 0 = never, n = after level n (1-based) */
  restart: number | undefined;
  suffix: Suffix;
  legal: boolean;
  pStyle: string | undefined;
};

type AbstractNum = { id: string; levels: (Level | undefined)[]; numStyleLink: string | undefined };
type NumInstance = { abstractNumId: string; startOverrides: Map<number, number>; levelOverrides: Map<number, Level> };

type StyleInfo = { type: string; basedOn: string | undefined; numId: string | undefined; ilvl: number | undefined };
type Styles = { byId: Map<string, StyleInfo>; defaultParagraph: string | undefined };

function readLevel(lvl: Element): Level {
  // ECMA-376 §17.9.26: an absent w:start means zero.
  const suff = attr(child(lvl, "suff"), "val");
  return {
    start: intAttr(child(lvl, "start")) ?? 0,
    numFmt: attr(child(lvl, "numFmt"), "val") ?? "decimal",
    lvlText: attr(child(lvl, "lvlText"), "val") ?? "",
    restart: intAttr(child(lvl, "lvlRestart")),
    suffix: suff === "space" || suff === "nothing" ? suff : "tab",
    legal: onOff(child(lvl, "isLgl")),
    pStyle: attr(child(lvl, "pStyle"), "val"),
  };
}

function levelIndex(lvl: Element): number | undefined {
  const ilvl = intAttr(lvl, "ilvl") ?? 0;
  return ilvl >= 0 && ilvl < LEVELS ? ilvl : undefined;
}

function readNumbering(doc: Document): { abstracts: Map<string, AbstractNum>; nums: Map<string, NumInstance> } {
  const root = doc.documentElement;
  const abstracts = new Map<string, AbstractNum>();
  for (const el of childrenNamed(root, "abstractNum")) {
    const id = attr(el, "abstractNumId");
    if (id === undefined) continue;
    const levels: (Level | undefined)[] = [];
    for (const lvl of childrenNamed(el, "lvl")) {
      const i = levelIndex(lvl);
      if (i !== undefined && levels[i] === undefined) levels[i] = readLevel(lvl);
    }
    abstracts.set(id, { id, levels, numStyleLink: attr(child(el, "numStyleLink"), "val") });
  }
  const nums = new Map<string, NumInstance>();
  for (const el of childrenNamed(root, "num")) {
    const id = attr(el, "numId");
    const abstractNumId = attr(child(el, "abstractNumId"), "val");
    if (id === undefined || abstractNumId === undefined) continue;
    const startOverrides = new Map<number, number>();
    const levelOverrides = new Map<number, Level>();
    for (const override of childrenNamed(el, "lvlOverride")) {
      const i = levelIndex(override);
      if (i === undefined) continue;
      const start = intAttr(child(override, "startOverride"));
      if (start !== undefined) startOverrides.set(i, start);
      const lvl = child(override, "lvl");
      if (lvl) levelOverrides.set(i, readLevel(lvl));
    }
    nums.set(id, { abstractNumId, startOverrides, levelOverrides });
  }
  return { abstracts, nums };
}

function numPrOf(pPr: Element | undefined): { numId: string | undefined; ilvl: number | undefined } {
  const numPr = child(pPr, "numPr");
  return { numId: attr(child(numPr, "numId"), "val"), ilvl: intAttr(child(numPr, "ilvl")) };
}

function readStyles(doc: Document | null): Styles {
  const byId = new Map<string, StyleInfo>();
  let defaultParagraph: string | undefined;
  if (!doc) return { byId, defaultParagraph };
  for (const el of childrenNamed(doc.documentElement, "style")) {
    const id = attr(el, "styleId");
    if (id === undefined) continue;
    const type = attr(el, "type") ?? "paragraph";
    const { numId, ilvl } = numPrOf(child(el, "pPr"));
    byId.set(id, { type, basedOn: attr(child(el, "basedOn"), "val"), numId, ilvl });
    const isDefault = attr(el, "default");
    if (type === "paragraph" && isDefault !== undefined && !["0", "false", "off"].includes(isDefault)) defaultParagraph ??= id;
  }
  return { byId, defaultParagraph };
}

/** numId and ilvl a paragraph style gives, each inherited along basedOn separately. */
function styleNumbering(styles: Styles, styleId: string | undefined): { numId: string | undefined; ilvl: number | undefined } {
  let numId: string | undefined;
  let ilvl: number | undefined;
  const seen = new Set<string>();
  for (let id = styleId; id !== undefined && !seen.has(id); id = styles.byId.get(id)?.basedOn) {
    seen.add(id);
    const style = styles.byId.get(id);
    if (!style) break;
    numId ??= style.numId;
    ilvl ??= style.ilvl;
  }
  return { numId, ilvl };
}

// ------------------------------------------------------------------ counters

type ResolvedList = { key: string; levels: (Level | undefined)[]; starts: number[] };
type ListState = { counts: (number | undefined)[]; restarted: Set<string> };
type Label = { text: string; suffix: Suffix };

class ListCounter {
  private readonly states = new Map<string, ListState>();
  private readonly resolved = new Map<string, ResolvedList | null>();

  constructor(
    private readonly abstracts: Map<string, AbstractNum>,
    private readonly nums: Map<string, NumInstance>,
    private readonly styles: Styles,
  ) {}

  /** The abstract list behind an instance, following numStyleLink through numbering styles. */
  private abstractOf(numId: string): AbstractNum | undefined {
    const seen = new Set<string>();
    let current = numId;
    while (!seen.has(current)) {
      seen.add(current);
      const num = this.nums.get(current);
      const abstract = num ? this.abstracts.get(num.abstractNumId) : undefined;
      if (!abstract?.numStyleLink) return abstract;
      const linked = this.styles.byId.get(abstract.numStyleLink)?.numId;
      if (linked === undefined) return undefined;
      current = linked;
    }
    return undefined;
  }

  resolve(numId: string): ResolvedList | null {
    const cached = this.resolved.get(numId);
    if (cached !== undefined) return cached;
    const num = this.nums.get(numId);
    const abstract = this.abstractOf(numId);
    let list: ResolvedList | null = null;
    if (num && abstract) {
      const levels: (Level | undefined)[] = [];
      const starts: number[] = [];
      for (let i = 0; i < LEVELS; i++) {
        levels[i] = num.levelOverrides.get(i) ?? abstract.levels[i];
        starts[i] = num.startOverrides.get(i) ?? levels[i]?.start ?? 0;
      }
      list = { key: abstract.id, levels, starts };
    }
    this.resolved.set(numId, list);
    return list;
  }

  /** The level a style-numbered paragraph sits on when its style names no ilvl: the lvl linked to it. */
  levelForStyle(numId: string, styleId: string | undefined): number | undefined {
    if (styleId === undefined) return undefined;
    const index = this.resolve(numId)?.levels.findIndex((l) => l?.pStyle === styleId) ?? -1;
    return index >= 0 ? index : undefined;
  }

  /** Advances the counters for one numbered paragraph and returns its label (null: none shown). */
  next(numId: string, ilvl: number): Label | null {
    const list = this.resolve(numId);
    const level = list?.levels[ilvl];
    if (!list || !level) return null;
    let state = this.states.get(list.key);
    if (!state) {
      state = { counts: [], restarted: new Set() };
      this.states.set(list.key, state);
    }
    const override = this.nums.get(numId)?.startOverrides.get(ilvl);
    const overrideKey = `${numId}/${ilvl}`;
    if (override !== undefined && !state.restarted.has(overrideKey)) {
      state.restarted.add(overrideKey);
      state.counts[ilvl] = override;
    } else {
      const count = state.counts[ilvl];
      state.counts[ilvl] = count === undefined ? list.starts[ilvl] : count + 1;
    }
    for (let deeper = ilvl + 1; deeper < LEVELS; deeper++) {
      const restart = list.levels[deeper]?.restart;
      if (restart === 0) continue;
      // Word ignores a restart level that is not above the level itself (MS-OI29500 §2.1.282).
      if (restart === undefined || restart > deeper || ilvl < restart) state.counts[deeper] = undefined;
    }
    if (level.numFmt === "bullet") return null;
    const values: (LevelValue | undefined)[] = [];
    for (let k = 0; k <= ilvl; k++) {
      values[k] = { value: state.counts[k] ?? list.starts[k], numFmt: list.levels[k]?.numFmt ?? "decimal" };
    }
    const text = fillLevelText(level.lvlText, values, level.legal);
    return text.length > 0 ? { text, suffix: level.suffix } : null;
  }
}

// ------------------------------------------------------------------ document.xml

function isChoice(el: Element): boolean {
  return el.localName === "Choice" && el.namespaceURI === MC_NS;
}

/**
 * Every w:p in document order (pre-order, so a text box's paragraphs follow the paragraph that
 * anchors it), leaving out mc:Choice subtrees: mammoth reads the mc:Fallback copy instead.
 */
function paragraphsOf(root: Element): Element[] {
  const out: Element[] = [];
  const visit = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (!isElement(n) || isChoice(n)) continue;
      if (isWml(n, "p")) out.push(n);
      visit(n);
    }
  };
  visit(root);
  return out;
}

/** The paragraph's own text (not that of text boxes nested in it), as mammoth will read it. */
function ownText(p: Element): string {
  let text = "";
  const visit = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (!isElement(n) || isChoice(n) || isWml(n, "p")) continue;
      if (isWml(n, "t")) text += n.textContent ?? "";
      else visit(n);
    }
  };
  visit(p);
  return text;
}

export type LabelledDocx = { bytes: Uint8Array; labels: number };

/**
 * Writes list labels into the paragraphs of the main document, one document (or one slice of
 * it, see xml-scan.ts) at a time and in document order: the counters live in the labeller, so a
 * list continued across slices is numbered as Word numbers it.
 */
export type NumberingLabeller = {
  documentPath: string;
  /** the document (slice) with its labels written in; `labels` is 0 when nothing was added */
  label(documentSource: string): { xml: string; labels: number };
};

/**
 * The labeller of a package (read from its numbering and styles parts), or null when it has
 * nothing to number (no numbering part, no list instances). Throws NumberingReadError when the
 * numbering cannot be read.
 */
export async function numberingLabeller(zip: JSZip): Promise<NumberingLabeller | null> {
  const parts = await locateParts(zip);
  if (!parts.numberingPath) return null;
  const numberingSource = await readPart(zip, parts.numberingPath);
  if (numberingSource === null) return null;
  const { abstracts, nums } = readNumbering(parseXml(numberingSource, parts.numberingPath));
  if (nums.size === 0) return null;
  const stylesSource = parts.stylesPath ? await readPart(zip, parts.stylesPath) : null;
  const styles = readStyles(stylesSource === null ? null : parseXml(stylesSource, parts.stylesPath ?? "styles"));
  const counter = new ListCounter(abstracts, nums, styles);
  return {
    documentPath: parts.documentPath,
    label(documentSource) {
      const doc = parseXml(documentSource, parts.documentPath);
      let labels = 0;
      for (const p of paragraphsOf(doc.documentElement)) {
        const pPr = child(p, "pPr");
        const styleId = attr(child(pPr, "pStyle"), "val") ?? styles.defaultParagraph;
        const direct = numPrOf(pPr);
        const fromStyle = styleNumbering(styles, styleId);
        const numId = direct.numId ?? fromStyle.numId;
        if (numId === undefined || numId === "0") continue;
        const ilvl = direct.ilvl ?? fromStyle.ilvl ?? counter.levelForStyle(numId, styleId) ?? 0;
        if (ilvl < 0 || ilvl >= LEVELS) continue;
        const label = counter.next(numId, ilvl);
        if (!label) continue;
        // Word numbers an empty paragraph too, but a lone "3." carries nothing to read.
        const text = ownText(p);
        if (text.trim().length === 0) continue;
        const separator = /^\s/.test(text) ? "" : labelSeparator(label.text, label.suffix, text.trimStart()[0]);
        insertLeadingRun(doc, p, pPr, label.text + separator);
        labels++;
      }
      return labels === 0 ? { xml: documentSource, labels } : { xml: new (xml().XMLSerializer)().serializeToString(doc), labels };
    },
  };
}

/**
 * The package with every visible list label written into its paragraph, or null when there is
 * nothing to add (no numbering part, only bullets, or a package mammoth will reject anyway).
 * Throws NumberingReadError when the document has numbering this module cannot read.
 */
export async function labelNumberedParagraphs(bytes: Uint8Array): Promise<LabelledDocx | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return null;
  }
  const labeller = await numberingLabeller(zip);
  if (!labeller) return null;
  const documentSource = await readPart(zip, labeller.documentPath);
  if (documentSource === null) return null;
  const { xml: labelled, labels } = labeller.label(documentSource);
  if (labels === 0) return null;

  // The rewritten part is stored uncompressed (mammoth reads it straight back; deflating it in
  // JavaScript costs more than it saves); DEFLATE for the rest keeps their compressed bytes as is.
  zip.file(labeller.documentPath, labelled, { compression: "STORE" });
  const out = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { bytes: out, labels };
}

function insertLeadingRun(doc: Document, p: Element, pPr: Element | undefined, text: string): void {
  const qualified = (local: string) => (p.prefix ? `${p.prefix}:${local}` : local);
  const run = doc.createElementNS(p.namespaceURI, qualified("r"));
  const t = doc.createElementNS(p.namespaceURI, qualified("t"));
  t.setAttributeNS(XML_NS, "xml:space", "preserve");
  t.appendChild(doc.createTextNode(text));
  run.appendChild(t);
  // pPr must stay the first child; a pPr inside mc:AlternateContent is not ours to move past.
  const anchor = pPr && pPr.parentNode === p ? pPr.nextSibling : p.firstChild;
  p.insertBefore(run, anchor);
}
