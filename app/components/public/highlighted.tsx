import { highlightPieces } from "~/domain/public/search-query";

/** Text with every occurrence of the search words wrapped in <mark>. */
export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  return (
    <>
      {highlightPieces(text, terms).map((p, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional and static
        p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}
