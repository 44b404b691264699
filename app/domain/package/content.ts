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
import type { PackageDeadline, PackageKeyFigure, PackagePlan, PackageSections } from "~/db/schema";
import type { VideoContent } from "~/features/video/storyboard";

export type ChartRow = { label: string; value: number | string; series?: string; date?: string };

export type QaContent = { id?: number; question: string; answer: string; clauseRefs: string[][] };

export type ChartContent = {
  id?: number;
  type: "bar" | "hbar" | "stacked" | "donut" | "line" | "timeline" | "bignumber" | "grouped-bar" | "grouped-hbar";
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
  kind: "press_conference" | "briefing" | "video" | "head_interview";
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

export const SECTION_LABELS: Record<keyof PackageSections, string> = {
  background: "起草背景",
  basis: "制定依据",
  purpose: "出台目的",
  measures: "主要内容和重要举措",
  scope: "适用范围与执行时间",
  terms: "术语释义",
  comparison: "新旧对比",
};

/** The Chinese label of a section key, or the key itself when unknown. */
export function sectionLabel(key: string): string {
  return Object.entries(SECTION_LABELS).find(([k]) => k === key)?.[1] ?? key;
}

export const REQUIRED_SECTIONS = ["background", "basis", "purpose", "measures", "scope"] as const;
/** All text sections in reading order (required first, then the optional 术语释义 and 新旧对比). */
export const SECTION_KEYS = [...REQUIRED_SECTIONS, "terms", "comparison"] as const satisfies readonly (keyof PackageSections)[];
export type SectionKey = (typeof SECTION_KEYS)[number];

export const FORM_LABELS = {
  text: "文字解读",
  qa: "简明问答",
  chart: "图表",
  graphic: "图解",
  case: "案例说明",
  video: "视频",
  press: "新闻发布会/吹风会",
  head: "主要负责人解读",
} as const;
export type InterpretationForm = keyof typeof FORM_LABELS;

export const CHANNEL_LABELS = {
  web: "网站",
  wechat: "微信公众号",
  weibo: "微博",
  douyin: "抖音",
  xhs: "小红书",
} as const;
export type Channel = keyof typeof CHANNEL_LABELS;

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
