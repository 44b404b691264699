/**
 * The heading tree of one part, built from its body paragraphs with a stack: a heading closes
 * every open heading of the same or a deeper rank. Unmarked paragraphs belong to the deepest open
 * heading, except a closing paragraph after an item that ran into its own paragraph
 * ("（四）…，扣30分。" then "扣分上限30分") — that one sums up the enclosing section, so it
 * goes to the parent.
 */
import type { Paragraph } from "./layout";
import { type MarkerMatch, matchMarker } from "./markers";
import type { OutlineNode } from "./types";

type Open = { node: OutlineNode; rank: number; inline: boolean };

export function headingTitle(afterMarker: string): { title: string; inline: boolean } {
  const stop = afterMarker.indexOf("。");
  // A short label before a colon ("政策解读（5分）：代拟…") is the heading as well.
  const colon = afterMarker.search(/[：:]/);
  let end = stop >= 0 ? stop : afterMarker.length;
  if (colon > 0 && colon <= 30 && colon < end) end = colon;
  const title = afterMarker.slice(0, end).replace(/[，、；,;\s]+$/, "");
  // A heading that holds a sentence has its content in its own paragraph.
  return { title, inline: stop >= 0 };
}

export function buildOutline(text: string, body: Paragraph[], useDepthLevels: boolean): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: Open[] = [];
  const markers: (MarkerMatch | null)[] = body.map((p) => matchMarker(p.text));

  for (let k = 0; k < body.length; k++) {
    const p = body[k];
    const m = markers[k];
    if (m) {
      while (stack.length > 0 && stack[stack.length - 1].rank >= m.rank) stack.pop();
      const { title, inline } = headingTitle(p.text.slice(m.marker.length));
      const node: OutlineNode = {
        marker: m.marker,
        level: useDepthLevels ? stack.length + 1 : m.level,
        title,
        text: "",
        start: p.start,
        end: p.end,
        children: [],
      };
      if (stack.length > 0) stack[stack.length - 1].node.children.push(node);
      else roots.push(node);
      stack.push({ node, rank: m.rank, inline });
    } else if (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.inline && stack.length > 1 && closesSection(markers, k, top.rank)) stack.pop();
    }
    for (const open of stack) open.node.end = p.end;
  }
  fillText(text, roots);
  return roots;
}

/** The next heading after paragraph k is of a higher rank (or there is none). */
function closesSection(markers: (MarkerMatch | null)[], k: number, rank: number): boolean {
  for (let j = k + 1; j < markers.length; j++) {
    const m = markers[j];
    if (m) return m.rank < rank;
  }
  return true;
}

function fillText(text: string, nodes: OutlineNode[]): void {
  for (const node of nodes) {
    node.text = text.slice(node.start, node.end);
    fillText(text, node.children);
  }
}

/** Every node of a tree, depth first, in document order. */
export function flattenOutline(nodes: OutlineNode[]): OutlineNode[] {
  const out: OutlineNode[] = [];
  const walk = (list: OutlineNode[]): void => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}
