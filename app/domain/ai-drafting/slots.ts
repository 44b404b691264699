/**
 * The text of a 图解 as parts: its slots' text leaves ("title", "figures.0.label"), and the slots
 * with edited texts written back (numbers stay numbers where they were).
 */
import type { SuggestionPart } from "./types";

/** Slot keys that hold layout or document metadata, never text to write. */
const FIXED_SLOTS = new Set(["index", "total", "page", "pages", "part", "id", "spec", "version", "department", "docNumber", "date", "kind", "chart", "data"]);

export type SlotText = { path: string; text: string; figure?: { group: string; role: "label" | "value" | "unit" } };

/** The text leaves of a graphic's slots ("title", "figures.0.label"), in slot order. */
export function slotTexts(slots: Record<string, unknown>): SlotText[] {
  const out: SlotText[] = [];
  const walk = (value: unknown, path: string[]) => {
    const key = path[path.length - 1] ?? "";
    if (FIXED_SLOTS.has(key)) return;
    if (typeof value === "string") {
      out.push({ path: path.join("."), text: value });
      return;
    }
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, String(i)]);
      return;
    }
    if (typeof value === "object" && value !== null) {
      const isFigure = "label" in value && "value" in value;
      for (const [k, v] of Object.entries(value)) {
        if (isFigure && (k === "label" || k === "value" || k === "unit") && (typeof v === "string" || typeof v === "number")) {
          out.push({ path: [...path, k].join("."), text: String(v), figure: { group: path.join("."), role: k } });
        } else walk(v, [...path, k]);
      }
    }
  };
  walk(slots, []);
  return out;
}

/** `slots` with the graphic parts' texts written in (numbers stay numbers where they were). */
export function slotsWithTexts(slots: Record<string, unknown>, parts: SuggestionPart[]): Record<string, unknown> {
  const next: Record<string, unknown> = structuredClone(slots);
  for (const p of parts) {
    if (!p.key.startsWith("slot:")) continue;
    const path = p.key.slice(5).split(".");
    let node: unknown = next;
    for (const step of path.slice(0, -1)) {
      node = Array.isArray(node) ? node[Number(step)] : typeof node === "object" && node !== null ? Reflect.get(node, step) : undefined;
    }
    const leaf = path[path.length - 1];
    if (typeof node !== "object" || node === null) continue;
    const before: unknown = Array.isArray(node) ? node[Number(leaf)] : Reflect.get(node, leaf);
    const value = typeof before === "number" && Number.isFinite(Number(p.text.trim())) && p.text.trim() !== "" ? Number(p.text.trim()) : p.text.trim();
    if (Array.isArray(node)) node[Number(leaf)] = value;
    else Reflect.set(node, leaf, value);
  }
  return next;
}

