/**
 * Missing text alternatives (GB/T 37668: every image needs one, a chart its data as text) and
 * channel limits (小红书: title ≤ 20 characters).
 */
import type { Finding, InterpretationText } from "./types";

export const CHANNEL_TITLE_LIMITS: Record<string, { label: string; max: number }> = {
  xhs: { label: "小红书", max: 20 },
};

export function checkAltTexts(input: InterpretationText): Finding[] {
  return input.images
    .filter((img) => !(img.altText ?? "").trim())
    .map((img) => ({
      rule: "a11y.alt-missing",
      severity: "error" as const,
      message: `${img.label}缺少替代文字。请用一两句话写明图中要点和关键数字，供读屏软件朗读。`,
      excerpt: "",
      offset: 0,
      expected: null,
      field: img.field,
    }));
}

export function checkChannelLimits(input: InterpretationText): Finding[] {
  const findings: Finding[] = [];
  for (const t of input.channelTitles) {
    const limit = CHANNEL_TITLE_LIMITS[t.channel];
    const length = [...t.title.trim()].length;
    if (!limit || length <= limit.max) continue;
    const seg = input.segments.find((s) => s.field === t.field);
    findings.push({
      rule: "channel.title-length",
      severity: "warning",
      message: `${limit.label}标题不能超过 ${limit.max} 个字，“${t.title}”有 ${length} 个字。请精简标题。`,
      excerpt: seg ? input.text.slice(seg.start, seg.end) : t.title,
      offset: seg ? seg.start : 0,
      expected: `${[...t.title.trim()].slice(0, limit.max).join("")}`,
      field: t.field,
    });
  }
  return findings;
}
