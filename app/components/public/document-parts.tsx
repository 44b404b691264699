/**
 * Parts of the published document page shared by /zhengce/<id> and the CMS import bundle's
 * zhengce.html: the 文件信息 table (政府网站 metadata) and the GB/T 9704 text blocks.
 */
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import type { TextBlock } from "~/domain/public/typeset";

export type DocumentMeta = {
  indexNo: string | null;
  topic: string | null;
  issuer: string | null;
  writtenDate: string | null;
  docNumber: string | null;
  publishedDate: string | null;
  validity: keyof typeof VALIDITY_LABELS;
  publicity: string | null;
};

export function DocumentMetaTable({ doc }: { doc: DocumentMeta }) {
  const rows: [string, string | null][] = [
    ["索引号", doc.indexNo],
    ["主题分类", doc.topic],
    ["发文机关", doc.issuer],
    ["成文日期", doc.writtenDate],
    ["发文字号", doc.docNumber],
    ["发布日期", doc.publishedDate],
    ["有效性", VALIDITY_LABELS[doc.validity]],
    ["公开方式", doc.publicity],
  ];
  return (
    <table className="doc-meta">
      <caption>文件信息</caption>
      <tbody>
        {[0, 2, 4, 6].map((i) => (
          <tr key={i}>
            <th scope="row">{rows[i][0]}</th>
            <td>{rows[i][1] ?? ""}</td>
            <th scope="row">{rows[i + 1][0]}</th>
            <td>{rows[i + 1][1] ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One typeset block; anchored blocks take tabIndex -1 so a followed clause link can move focus there. */
export function GwBlock({ b }: { b: TextBlock }) {
  switch (b.kind) {
    case "head":
      return <p className={b.role === "organ" ? "gw-organ" : b.role === "number" ? "gw-number" : "gw-title"}>{b.text}</p>;
    case "heading": {
      const H = `h${b.level}` as const;
      return (
        <H id={b.id ?? undefined} tabIndex={-1}>
          {b.text}
        </H>
      );
    }
    case "para":
      if (!b.text && !b.lead) return <span id={b.id ?? undefined} />;
      return (
        <p id={b.id ?? undefined} className={b.style === "body" || b.style === "item" ? undefined : b.style} tabIndex={b.id ? -1 : undefined}>
          {b.lead ? <span className="lead">{b.lead}</span> : null}
          {b.text}
        </p>
      );
  }
}
