import { useMemo } from "react";
import type { Fact } from "~/domain/analysis/types";
import { describeFact, highlightSegments } from "~/domain/intake/review";

/** The normalised text with every recognised figure marked; the tooltip names kind, value and unit. */
export function HighlightedText({ text, facts }: { text: string; facts: Fact[] }) {
  const segments = useMemo(() => highlightSegments(text, facts), [text, facts]);
  return (
    // A scrollable region: focusable so keyboard users can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable content must be reachable by keyboard
    <section className="doc-text intake-text" tabIndex={0} aria-label="识别后的正文">
      {segments.map((s, i) => {
        const fact = s.factIndex === null ? undefined : facts[s.factIndex];
        // biome-ignore lint/suspicious/noArrayIndexKey: segments are a static split of one text
        if (!fact) return <span key={i}>{s.text}</span>;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are a static split of one text
          <mark key={i} className={`fact fact-${fact.kind}`} title={describeFact(fact)} data-kind={fact.kind}>
            {s.text}
          </mark>
        );
      })}
    </section>
  );
}
