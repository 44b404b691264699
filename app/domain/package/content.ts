/**
 * PackageContent — the whole interpretation package as the app stores it: what the editor saves,
 * what a revision snapshots, what publishing freezes into `packages.published_snapshot`, and what
 * the public interpretation page renders. (The image exporter takes `PackageData`, a bounded
 * projection of this made by `toPackageData` — see app/domain/package-data.ts.)
 *
 * Text sections hold sanitised light HTML (p, strong, em, ul/ol/li, a[href]); everything else
 * is plain text. Key figures and the timeline are package content like the rest: whatever an
 * image prints, the officer saw and could edit here.
 */
import { type ChartType, type InterpretationForm, type MediaKind, SECTION_LABELS, type SectionKey } from "~/domain/vocabulary";
import type { VideoContent } from "~/domain/video/storyboard";

/** The 解读方案 (plan): forms, channels, interpreter, schedule (packages.plan). */
export type PackagePlan = {
  forms: string[];
  channels: string[];
  interpreterId: number | null;
  interpreterName: string | null;
  plannedRelease: string | null;
  outline?: string;
};

/** The 文字解读 as sanitised light HTML per section (packages.sections); keys in SECTION_KEYS. */
export type PackageSections = Partial<Record<SectionKey, string>>;

/** One 数说政策 card: a figure from the document with its unit and a short noun-phrase label. */
export type PackageKeyFigure = { value: string; unit: string | null; label: string };

/** One dated step of the policy's timeline (时间节点), as printed on the timeline card. */
export type PackageDeadline = { date: string; label: string };

export type ChartRow = { label: string; value: number | string; series?: string; date?: string };

export type QaContent = { id?: number; question: string; answer: string; clauseRefs: string[][] };

export type ChartContent = {
  id?: number;
  type: ChartType;
  title: string;
  subtitle?: string | null;
  unit?: string | null;
  source?: string | null;
  palette?: string | null;
  data: ChartRow[];
  /** the vega-lite spec (inline data only) as validated on save */
  spec?: unknown;
  altText?: string | null;
  dataTable?: string | null;
};

export type GraphicContent = {
  id?: number;
  templateId: string;
  templateVersion: number;
  slots: Record<string, unknown>;
  altText?: string | null;
  longDescription?: string | null;
};

/** A 数说政策 card (value, unit, label) — what the key-figure images print. */
export type KeyFigureContent = PackageKeyFigure;

/** A 时间节点 (yyyy-mm-dd, what happens by then) — what the timeline images print. */
export type DeadlineContent = PackageDeadline;

export type CaseContent = { id?: number; title: string; situation: string; explanation: string };

export type MediaContent = {
  id?: number;
  kind: MediaKind;
  date?: string | null;
  speaker?: string | null;
  speakerIsHead: boolean;
  link?: string | null;
  transcript?: string | null;
};

export type PackageContent = {
  plan: PackagePlan;
  sections: PackageSections;
  qa: QaContent[];
  charts: ChartContent[];
  /** 数说政策 key figures and the timeline, in the order the images print them */
  keyFigures: KeyFigureContent[];
  timeline: DeadlineContent[];
  graphics: GraphicContent[];
  cases: CaseContent[];
  media: MediaContent[];
  /** 视频分镜 (app/features/video/storyboard.ts); absent or null = no video */
  video?: VideoContent | null;
};

/** The Chinese label of a section key, or the key itself when unknown. */
export function sectionLabel(key: string): string {
  return Object.entries(SECTION_LABELS).find(([k]) => k === key)?.[1] ?? key;
}

export function emptyPackageContent(): PackageContent {
  return {
    plan: { forms: [], channels: [], interpreterId: null, interpreterName: null, plannedRelease: null },
    sections: {},
    qa: [],
    charts: [],
    keyFigures: [],
    timeline: [],
    graphics: [],
    cases: [],
    media: [],
  };
}

/** Which interpretation forms a package actually contains (not merely plans). */
export function formsPresent(content: PackageContent): InterpretationForm[] {
  const forms: InterpretationForm[] = [];
  if (Object.values(content.sections).some((v) => typeof v === "string" && v.trim())) forms.push("text");
  if (content.qa.length) forms.push("qa");
  if (content.charts.length) forms.push("chart");
  if (content.graphics.length) forms.push("graphic");
  if (content.cases.length) forms.push("case");
  // a recorded video, or a storyboard the exporter turns into one (app/features/video)
  if (content.media.some((m) => m.kind === "video") || (content.video?.scenes.length ?? 0) > 0) forms.push("video");
  if (content.media.some((m) => m.kind === "press_conference" || m.kind === "briefing")) forms.push("press");
  if (content.media.some((m) => m.speakerIsHead || m.kind === "head_interview")) forms.push("head");
  return forms;
}
