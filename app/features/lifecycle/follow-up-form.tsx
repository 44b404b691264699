import { Form } from "@remix-run/react";
import { FOLLOW_UP_KINDS, FOLLOW_UP_LABELS } from "~/domain/vocabulary";
import { MAX_FOLLOW_UP_TITLE } from "~/domain/workflow";
import type { FollowUpListItem } from "./follow-ups.server";

/** The review page's 发起跟踪解读 form and the document's further interpretations so far. */
export function FollowUpPanel({ canStart, items, busy }: { canStart: boolean; items: FollowUpListItem[]; busy: boolean }) {
  return (
    <>
      {items.length ? (
        <div data-testid="follow-up-list">
          <h3>后续解读</h3>
          <ol>
            {items.map((f) => (
              <li key={f.seq}>
                {`${f.kindLabel}：${f.title}`} <span className="muted">{f.status === "published" ? `已发布 ${f.publishedAt?.slice(0, 10) ?? ""}` : "编写中（发布前公众看不到）"}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {canStart ? (
        <details>
          <summary>发起跟踪解读</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="followUp" />
            <p className="muted">政策实施后再作一次解读（跟踪解读、二次解读或问答更新）：在原解读材料的基础上改写，经四关审核和审签后发布；原有解读保留，文件页按顺序列出。</p>
            <div className="field">
              <label htmlFor="follow-up-kind">类型</label>
              <select id="follow-up-kind" name="kind" defaultValue="tracking">
                {FOLLOW_UP_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {FOLLOW_UP_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="follow-up-title">标题（必填，例如“实施一年来的情况”）</label>
              <input id="follow-up-title" type="text" name="title" maxLength={MAX_FOLLOW_UP_TITLE} required />
            </div>
            <div className="field">
              <label htmlFor="follow-up-reason">说明（可选，记入操作记录）</label>
              <textarea id="follow-up-reason" name="reason" rows={2} maxLength={2000} />
            </div>
            <button type="submit" disabled={busy}>
              发起跟踪解读
            </button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
