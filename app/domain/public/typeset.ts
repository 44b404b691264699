/**
 * The document text as blocks for the public document page, after GB/T 9704 conventions:
 * 版头 (issuing organ, 文号) centred, the title centred, level-1 headings (一、) in 黑体, level-2
 * ((一)) in 楷体-like bold serif, body paragraphs indented two characters, signature and date
 * right-aligned. Every outline node gets the anchor id of its outline path (clause-anchor.ts),
 * so Q&A citations on the interpretation page land on the right clause.
 *
 * Input: the normalised text (one paragraph per line) and the analysis parts whose offsets index
 * into it. Without an analysis the text still renders, just without anchors.
 */
import type { DocumentPart, OutlineNode } from "~/domain/analysis/types";
import { clauseAnchorId, partLabels } from "./clause-anchor";

export type TextBlock =
  | { kind: "head"; text: string; role: "organ" | "number" | "title" }
  | { kind: "heading"; level: 2 | 3 | 4 | 5; id: string | null; text: string; path: string[] }
  | { kind: "para"; id: string | null; text: string; lead: string | null; style: "body" | "item" | "right" | "plain"; path: string[] | null };

type Anchor = { path: string[]; node: OutlineNode | null; depth: number };

function walk(nodes: OutlineNode[], prefix: string[], depth: number, out: Map<number, Anchor>): void {
  for (const n of nodes) {
    const path = [...prefix, n.marker];
    if (!out.has(n.start)) out.set(n.start, { path, node: n, depth });
    walk(n.children, path, depth + 1, out);
  }
}

/** Every anchor id the page will contain for these parts (to check citations resolve). */
export function documentAnchorIds(parts: DocumentPart[]): Set<string> {
  const ids = new Set<string>();
  const labels = partLabels(parts.length);
  parts.forEach((p, i) => {
    const label = labels[i];
    const prefix = label ? [label] : [];
    ids.add(clauseAnchorId(prefix));
    const m = new Map<number, Anchor>();
    walk(p.outline, prefix, 0, m);
    for (const a of m.values()) ids.add(clauseAnchorId(a.path));
  });
  return ids;
}

/** The longest prefix of `path` that exists on the page (a citation never links to nowhere). */
export function resolveCitation(path: string[], ids: Set<string>): string[] {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n);
    if (ids.has(clauseAnchorId(p))) return p;
  }
  return [];
}

const DATE_LINE = /^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发)?\s*$/;

export function typesetDocument(text: string, parts: DocumentPart[], meta: { title: string; docNumber: string | null; issuer: string | null }): TextBlock[] {
  const lines: { text: string; start: number }[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    lines.push({ text: line, start: offset });
    offset += line.length + 1;
  }
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const labels = partLabels(parts.length);
  const multi = parts.length > 1;
  const anchors = new Map<number, Anchor>(); // line index → anchor
  const partHeadings = new Map<number, string[]>(); // line index → part path
  let searchFrom = 0;
  parts.forEach((part, i) => {
    const label = labels[i];
    const prefix = label ? [label] : [];
    if (i > 0) {
      const at = lines.findIndex((l, k) => k >= searchFrom && l.text.trim() === part.title.trim());
      if (at >= 0) {
        partHeadings.set(at, prefix);
        searchFrom = at + 1;
      }
    }
    const m = new Map<number, Anchor>();
    walk(part.outline, prefix, 0, m);
    for (const [start, a] of m) {
      const li = lineAt(start);
      if (!anchors.has(li)) anchors.set(li, a);
    }
  });

  const numberLine = meta.docNumber ? lines.findIndex((l, k) => k < 12 && l.text.replace(/\s/g, "").includes(meta.docNumber?.replace(/\s/g, "") ?? "\u0000")) : -1;
  const titleFlat = meta.title.replace(/\s/g, "");
  const blocks: TextBlock[] = [];
  const firstId = clauseAnchorId(multi ? ["正文"] : []);
  let firstIdUsed = false;
  const takeFirstId = () => {
    if (firstIdUsed) return null;
    firstIdUsed = true;
    return firstId;
  };
  const base = multi ? 3 : 2;

  lines.forEach((line, k) => {
    const t = line.text.trim();
    if (!t) return;
    if (k <= numberLine && k < 6 && !anchors.has(k)) {
      blocks.push({ kind: "head", text: t, role: k === numberLine ? "number" : "organ" });
      return;
    }
    if (t.replace(/\s/g, "") === titleFlat && blocks.every((b) => b.kind === "head")) {
      blocks.push({ kind: "head", text: t, role: "title" });
      return;
    }
    const part = partHeadings.get(k);
    if (part) {
      blocks.push({ kind: "heading", level: 2, id: clauseAnchorId(part), text: t, path: part });
      return;
    }
    const a = anchors.get(k);
    if (a?.node) {
      const n = a.node;
      const headingOnly = t.replace(/[。．.]$/, "") === `${n.marker}${n.title}`.trim();
      const level = Math.min(5, base + a.depth);
      if (headingOnly && a.depth <= 1 && (level === 2 || level === 3 || level === 4 || level === 5)) {
        blocks.push({ kind: "heading", level, id: clauseAnchorId(a.path), text: t, path: a.path });
        return;
      }
      const leadLen = Math.min(t.length, n.marker.length + (t.startsWith(`${n.marker}${n.title}`) && a.depth <= 1 ? n.title.length + (t[n.marker.length + n.title.length] === "。" ? 1 : 0) : 0));
      blocks.push({
        kind: "para",
        id: clauseAnchorId(a.path),
        lead: t.slice(0, leadLen),
        text: t.slice(leadLen),
        style: "item",
        path: a.path,
      });
      return;
    }
    const right = DATE_LINE.test(t) || (meta.issuer !== null && t === meta.issuer.trim());
    blocks.push({
      kind: "para",
      id: firstIdUsed || blocks.some((b) => b.kind !== "head") ? null : takeFirstId(),
      lead: null,
      text: t,
      style: right ? "right" : /^附件\s*\d*[:：]?$/.test(t) || /^[（(]此件/.test(t) ? "plain" : "body",
      path: null,
    });
  });
  // The part-level anchor (正文 / top) must exist even when the text starts with a heading.
  if (!firstIdUsed) {
    const first = blocks.find((b) => b.kind !== "head");
    if (first && first.kind === "para" && first.id === null) first.id = firstId;
    else blocks.unshift({ kind: "para", id: firstId, lead: null, text: "", style: "plain", path: null });
  }
  return blocks;
}
