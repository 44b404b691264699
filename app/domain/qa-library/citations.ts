/**
 * A 简明问答's clause citations as links into the published document page: each outline path
 * (["附件1", "二、", "（三）"]) resolves to the deepest anchor the document really has, so a
 * citation of a clause the outline lacks still lands on its nearest heading, never on nothing.
 */
import { describeClausePath } from "~/domain/analysis/clause-path";
import type { DocumentPart } from "~/domain/analysis/types";
import { clauseAnchorId } from "~/domain/public/clause-anchor";
import { documentAnchorIds, resolveCitation } from "~/domain/public/typeset";
import type { QaCitation } from "./retrieval";

/** `documentHref` is the document page's address (`/zhengce/<id>` on the site, `zhengce.html` in a bundle). */
export function qaCitationLinks(paths: readonly string[][], parts: DocumentPart[], documentHref: string): QaCitation[] {
  const ids = documentAnchorIds(parts);
  return paths.map((path) => ({ label: describeClausePath(path), href: `${documentHref}#${clauseAnchorId(resolveCitation(path, ids))}` }));
}
