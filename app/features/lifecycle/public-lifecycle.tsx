/** What the public document and interpretation pages show about a document's lifecycle. */
import type { FollowUpListItem } from "./follow-ups.server";
import type { ValidityNotice } from "./validity.server";

/** Prominent, at the top: the document is no longer (wholly) in force, and what replaces it. */
export function ValidityBanner({ notice, subject }: { notice: ValidityNotice | null; subject: "document" | "interpretation" }) {
  if (!notice) return null;
  return (
    <div className={`validity-banner validity-${notice.validity}`} role="note" aria-labelledby="validity-banner-title" data-testid="validity-banner">
      <p id="validity-banner-title" className="validity-title">
        {notice.label}
        {notice.changedOn ? `（${notice.changedOn}）` : ""}
        {subject === "interpretation" ? "，本解读仅供了解原政策，不再作为办事依据" : ""}
      </p>
      {notice.validity === "expired" && notice.validUntil ? <p>有效期至 {notice.validUntil}。</p> : null}
      {notice.note ? <p>{notice.note}</p> : null}
      {notice.replacement ? (
        <p>
          {notice.validity === "amended" ? "修订后的文件：" : "现行文件："}
          <a href={`/zhengce/${notice.replacement.id}`} data-testid="replacement-link">
            {`《${notice.replacement.title}》`}
          </a>
        </p>
      ) : null}
    </div>
  );
}

/** The document page's list of further interpretations, after the first one, in order. */
export function FollowUpLinks({ documentId, items }: { documentId: number; items: FollowUpListItem[] }) {
  if (!items.length) return null;
  return (
    <>
      <p>后续解读（按发布顺序）：</p>
      <ol data-testid="public-follow-ups">
        {items.map((f) => (
          <li key={f.seq}>
            <a href={`/jiedu/${documentId}/xu/${f.seq}`}>
              {`${f.kindLabel}：${f.title}`}
            </a>{" "}
            <span className="muted">{f.publishedAt?.slice(0, 10)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
