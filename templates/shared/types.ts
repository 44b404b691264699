/**
 * The shape every image template folder exports. A definition is data (id, name, version,
 * sizes, a zod slot schema with length bounds) plus two pure functions: `fromPackage` picks the
 * slot values for each card out of a package, `build` turns slots into HTML/CSS. Templates never
 * do I/O; the render stage (app/render) lays them out in Chromium, checks the fit and captures.
 */
import type { z } from "zod";
import type { VegaLiteSpec } from "~/domain/charts/spec";
import type { PackageData } from "~/domain/package-data";
import type { TemplateId } from "~/domain/vocabulary";
import type { ResolvedTheme } from "./themes";

/** `height: 0` means "as tall as the content" (the long image). */
export type Size = { width: number; height: number };

/** A paragraph of flowing text; the unit a continuation card carries over. */
export type FlowItem = { kind: "p" | "cite"; text: string };

export type ChartMount = { id: string; spec: VegaLiteSpec };

/** What a template builds for one card. */
export type Markup = {
  css: string;
  body: string;
  charts: ChartMount[];
  /** Short text alternative (≤ 150 characters). */
  altText: string;
  /** Everything the image says, as text (GB/T 37668: the data of a chart as text). */
  longDescription: string;
};

/**
 * A saved 图解 as the render stage captured it with its own template, for the long image: its
 * images in order (a card and its "续" cards, or the slices of a long one), all as wide as the
 * long image, and the texts its channel image carries.
 */
export type EmbeddedGraphic = {
  position: number;
  images: ReadonlyArray<{ src: string; width: number; height: number }>;
  /** The images are slices of one long image: stacked without a gap. */
  sliced: boolean;
  altText: string;
  longDescription: string;
};

/** URLs of assets the render stage serves to the page (logo, graphics), never user URLs. */
export type AssetUrls = {
  logo: string | null;
  graphics: Readonly<Record<string, string>>;
  /** The package's saved 图解 in editor order — only the long image of the package gets them. */
  tujie?: readonly EmbeddedGraphic[];
};

export type BuildContext = {
  theme: ResolvedTheme;
  size: Size;
  sizeKey: string;
  document: PackageData["document"];
  assets: AssetUrls;
};

export type PlanContext = {
  /** Non-fatal notes shown in the manifest, e.g. a chart spec that was replaced. */
  warn: (message: string) => void;
};

export interface TemplateDefinition<Slots> {
  id: TemplateId;
  name: string;
  version: number;
  sizes: Readonly<Record<string, Size>>;
  slots: z.ZodType<Slots, z.ZodTypeDef, unknown>;
  /** One entry per card this template makes from the package (may be none). */
  fromPackage(pkg: PackageData, ctx: PlanContext): Slots[];
  build(slots: Slots, ctx: BuildContext): Markup;
  /** For flowing templates: the slots of the continuation card ("续") carrying `remaining`. */
  continueWith?(slots: Slots, remaining: FlowItem[]): Slots;
  /** For flowing templates: the same card showing only `shown` (describes a card that was cut). */
  withFlow?(slots: Slots, shown: FlowItem[]): Slots;
  /** The exported file's stem when it must name what the card shows (default: the template id). */
  fileStem?(slots: Slots): string;
}
