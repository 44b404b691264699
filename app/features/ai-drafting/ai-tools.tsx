/**
 * AI drafting in the package editor: the bar at the top (which model, where the text goes,
 * 全部起草, progress, 取消), and beside each part of the package its own 起草 button with the
 * suggestions for that part. A suggestion card shows what the model wrote with every claim the
 * document does not support marked in red; 采纳 stays disabled until the officer has changed those
 * (修改), and never writes over their text without a choice (替换 / 追加).
 */
import { createContext, useContext, useId } from "react";
import { acceptanceState } from "~/domain/ai-drafting/acceptance";
import { ACCEPT_MODE_LABELS, acceptModes, currentText } from "~/domain/ai-drafting/apply";
import { describeCitation } from "~/domain/ai-drafting/tasks";
import type { ClausePath, DraftTaskId, Mark, SuggestionPart } from "~/domain/ai-drafting/types";
import type { ClauseOption } from "~/domain/package/clauses";
import { type PackageContent } from "~/domain/package/content";
import { CHANNEL_LABELS, FORM_LABELS } from "~/domain/vocabulary";
import { formatBeijingTime } from "~/domain/beijing-time";
import { type AiDrafting, type CardState, type TaskProgress, currentSuggestion } from "./use-ai-drafting";

export type AiContextValue = { ai: AiDrafting; model: string; host: string; content: PackageContent; clauses: ClauseOption[]; readOnly: boolean };

export const AiContext = createContext<AiContextValue | null>(null);

function progressText(t: TaskProgress): string {
  switch (t.state) {
    case "waiting":
      return "等待";
    case "running":
      return t.thinking ? "模型思考中…" : t.chars ? `正在接收（${t.chars} 字）…` : "已发送，等待模型回答…";
    case "done":
      return "完成";
    case "skipped":
      return t.message ?? "跳过";
    case "error":
      return t.message ?? "未能完成";
  }
}

function Progress({ tasks }: { tasks: TaskProgress[] }) {
  const finished = tasks.filter((t) => t.state !== "waiting" && t.state !== "running").length;
  return (
    <div className="ai-progress">
      {tasks.length > 1 ? (
        <p className="inline-field">
          <progress max={tasks.length} value={finished} aria-label="起草进度">
            {finished}/{tasks.length}
          </progress>
          <span>
            已完成 {finished} / {tasks.length} 项
          </span>
        </p>
      ) : null}
      <ul>
        {tasks.map((t) => (
          <li key={t.id} className={`ai-task ai-task-${t.state}`} data-task={t.id} data-state={t.state}>
            {t.label}：{progressText(t)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The top of the editor: model, 保密 note, 全部起草, the run's progress and messages. */
export function AiDraftBar() {
  const ctx = useContext(AiContext);
  if (!ctx) return null;
  const { ai, model, host, readOnly } = ctx;
  const open = ai.cards.filter((c) => c.status === "proposed").length;
  return (
    <section className="card ai-bar" aria-labelledby="ai-bar-h" data-testid="ai-bar">
      <h2 id="ai-bar-h">AI 起草</h2>
      <p className="hint">
        由本单位配置的模型 <strong>{model}</strong>（{host}）起草建议，每条建议先与文件逐项核对再显示。保密提示：起草时文件的提纲和相关条款原文会发送到 {host}，请确认该服务属于本单位的内网部署。
      </p>
      {readOnly ? null : (
        <p className="inline-field">
          <button type="button" onClick={() => ai.draft()} disabled={ai.run.running}>
            AI 起草全部
          </button>
          {ai.run.running ? (
            <button type="button" className="secondary" onClick={ai.cancel} data-testid="ai-cancel">
              取消起草
            </button>
          ) : null}
          {open ? <span className="muted">有 {open} 条建议待处理，见各部分下方。</span> : null}
        </p>
      )}
      {ai.run.tasks.length > 1 ? <Progress tasks={ai.run.tasks} /> : null}
      {ai.run.message ? (
        <p className="form-error" role="alert" data-testid="ai-error">
          {ai.run.message}
        </p>
      ) : null}
      {ai.run.summary && !ai.run.running ? (
        <p className="notice" role="status" data-testid="ai-summary">
          {ai.run.summary}
        </p>
      ) : null}
    </section>
  );
}

/** The 起草 button of one part of the package and its suggestions. */
export function AiTools({ tasks, label }: { tasks: DraftTaskId[]; label: string }) {
  const ctx = useContext(AiContext);
  if (!ctx) return null;
  const { ai, readOnly } = ctx;
  const mine = ai.run.tasks.filter((t) => tasks.includes(t.id));
  const cards = ai.cards.filter((c) => tasks.includes(c.item.suggestion.task) && c.status !== "discarded");
  const runningHere = ai.run.running && mine.some((t) => t.state === "running" || t.state === "waiting");
  return (
    <div className="ai-tools" data-ai-tasks={tasks.join(" ")}>
      {readOnly ? null : (
        <p className="inline-field">
          <button type="button" className="secondary small ai-draft-button" onClick={() => ai.draft(tasks)} disabled={ai.run.running}>
            AI 起草{label}
          </button>
          {runningHere ? (
            <button type="button" className="secondary small" onClick={ai.cancel}>
              取消
            </button>
          ) : null}
        </p>
      )}
      {mine.length && (runningHere || mine.some((t) => t.state === "error" || t.state === "skipped")) ? <Progress tasks={mine} /> : null}
      {cards.length ? (
        <ol className="ai-cards">
          {cards.map((c) => (
            <SuggestionCard key={c.item.id} card={c} />
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** The part's text with the marks that start and end inside it highlighted. */
function MarkedText({ text, marks, blocking }: { text: string; marks: Mark[]; blocking: Set<Mark> }) {
  const inline = marks.filter((m) => m.start >= 0 && m.end > m.start && m.end <= text.length).sort((a, b) => a.start - b.start);
  const out: React.ReactNode[] = [];
  let at = 0;
  for (const m of inline) {
    if (m.start < at) continue;
    if (m.start > at) out.push(text.slice(at, m.start));
    const red = blocking.has(m);
    out.push(
      <mark key={`${m.start}-${m.kind}`} className={red ? "ai-unverified" : "ai-note"} data-kind={m.kind} title={m.message}>
        {text.slice(m.start, m.end)}
        <span className="sr-only">{red ? "（未经文件核实）" : "（提示）"}</span>
      </mark>,
    );
    at = m.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return <span className="ai-text">{out}</span>;
}

function Clauses({ card, part, clauses, marks, editing }: { card: CardState; part: SuggestionPart; clauses: ClausePath[]; marks: Mark[]; editing: boolean }) {
  const ctx = useContext(AiContext);
  const id = useId();
  if (!ctx) return null;
  const unknown = (p: ClausePath) => marks.some((m) => m.rule === "citation.unknown" && JSON.stringify(m.clause) === JSON.stringify(p));
  const set = (next: ClausePath[]) => ctx.ai.changePart(card.item.id, part.key, { clauses: next });
  return (
    <div className="citation">
      <span className="muted">依据：</span>
      {clauses.length === 0 ? <span className="muted">未注明</span> : null}
      {clauses.map((p) => (
        <span key={JSON.stringify(p)} className={`chip${unknown(p) ? " ai-chip-unknown" : ""}`} data-clause={JSON.stringify(p)}>
          {describeCitation(p)}
          {unknown(p) ? <span className="sr-only">（文件中不存在）</span> : null}
          {editing ? (
            <button type="button" className="chip-remove" aria-label={`删除依据 ${describeCitation(p)}`} onClick={() => set(clauses.filter((x) => x !== p))}>
              ×
            </button>
          ) : null}
        </span>
      ))}
      {editing ? (
        <span className="inline-field">
          <label htmlFor={id} className="sr-only">
            添加依据条款
          </label>
          <select
            id={id}
            value=""
            onChange={(e) => {
              const option = ctx.clauses.find((o) => JSON.stringify(o.path) === e.target.value);
              if (option && !clauses.some((p) => JSON.stringify(p) === e.target.value)) set([...clauses, option.path]);
            }}
          >
            <option value="">添加依据条款…</option>
            {ctx.clauses.map((o) => (
              <option key={JSON.stringify(o.path)} value={JSON.stringify(o.path)}>
                {"　".repeat(Math.max(0, o.level))}
                {o.label} {o.title}
              </option>
            ))}
          </select>
        </span>
      ) : null}
    </div>
  );
}

function labelOf(labels: Record<string, string>, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] ?? key) : key;
}

function SuggestionCard({ card }: { card: CardState }) {
  const ctx = useContext(AiContext);
  const headingId = useId();
  if (!ctx) return null;
  const { ai, content, readOnly } = ctx;
  const s = currentSuggestion(card);
  const state = acceptanceState(card.item.suggestion, s, card.marks);
  const blocking = new Set(state.blocking);
  const editing = card.edits !== null;
  const modes = acceptModes(content, s);
  const existing = modes.includes("replace") ? currentText(content, s) : "";
  const unverified = state.blocking.length;
  const saving = card.status === "saving";
  if (card.status === "accepted")
    return (
      <li className="ai-card ai-card-accepted" aria-labelledby={headingId} data-suggestion={card.item.id} data-status={card.status}>
        <p className="ok-text" role="status" id={headingId}>
          <span className="ai-badge">AI 建议</span> 已采纳并保存“{s.title}”；修订记录和审核页会标明这部分内容由模型 {card.item.provenance.model} 生成。
        </p>
      </li>
    );
  return (
    <li className={`ai-card${saving ? " ai-card-accepted" : ""}`} aria-labelledby={headingId} data-suggestion={card.item.id} data-status={card.status}>
      <div className="item-head">
        <strong id={headingId}>
          <span className="ai-badge">AI 建议</span> {s.title}
        </strong>
      </div>
      <p className="muted small-text">
        由 {card.item.provenance.model} 生成于 {formatBeijingTime(card.item.provenance.generatedAt)}，已与文件核对：
        {card.verifying ? "正在核对修改…" : unverified ? <span className="ai-unverified-count">{unverified} 处需要修改后才能采纳</span> : "未发现与文件不符的内容"}
      </p>
      {s.plan && (s.plan.forms.length || s.plan.channels.length) ? (
        <p className="small-text">
          建议形式：{s.plan.forms.map((f) => labelOf(FORM_LABELS, f)).join("、") || "—"}；建议渠道：{s.plan.channels.map((c) => labelOf(CHANNEL_LABELS, c)).join("、") || "—"}（采纳时只增加，不删去已选的）
        </p>
      ) : null}
      {s.parts.map((p, i) => {
        const marks = card.marks.filter((m) => m.part === p.key);
        // a group's citations show once, under its last part (a key figure: 数字 单位 说明, then 依据)
        const lastOfGroup = !s.parts.slice(i + 1).some((q) => q.group === p.group);
        const citing = lastOfGroup ? s.parts.find((q) => q.group === p.group && q.clauses !== undefined) : undefined;
        const inputId = `${headingId}-${p.key}`;
        return (
          <div key={p.key} className="ai-part" data-part={p.key}>
            {editing && !saving ? (
              <div className="field">
                <label htmlFor={inputId}>{p.label}</label>
                {p.multiline ? (
                  <textarea id={inputId} rows={Math.min(10, Math.max(3, Math.ceil(p.text.length / 40)))} value={p.text} onChange={(e) => ai.changePart(card.item.id, p.key, { text: e.target.value })} />
                ) : (
                  <input id={inputId} type="text" value={p.text} onChange={(e) => ai.changePart(card.item.id, p.key, { text: e.target.value })} />
                )}
                {!card.verifying && marks.some((m) => m.start >= 0) ? (
                  <p className="ai-preview">
                    <MarkedText text={p.text} marks={marks} blocking={blocking} />
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="ai-part-text">
                <span className="label">{p.label}：</span>
                <MarkedText text={p.text} marks={marks} blocking={blocking} />
              </p>
            )}
            {citing ? <Clauses card={card} part={citing} clauses={citing.clauses ?? []} marks={card.marks.filter((m) => m.part === citing.key)} editing={editing && !saving} /> : null}
            {marks.length && !card.verifying ? (
              <ul className="ai-marks">
                {marks.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: marks have no identity of their own
                  <li key={i} className={blocking.has(m) ? "ai-mark-blocking" : "ai-mark-note"} data-kind={m.kind} data-rule={m.rule}>
                    {m.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
      {card.error ? (
        <p className="form-error" role="alert">
          {card.error}
        </p>
      ) : null}
      {card.status === "saving" ? (
        <p className="muted" role="status">
          已采纳，正在保存…（保存成功后记为模型生成的内容；若保存未成功，请按页面上方的提示处理，采纳的内容仍在编辑器中）
        </p>
      ) : readOnly ? null : (
        <>
          {existing ? (
            <p className="hint">
              这一项已有内容：“{existing.length > 80 ? `${existing.slice(0, 80)}…` : existing}”。{modes.includes("append") ? "请选择替换还是追加到末尾" : "只有点“替换现有内容”才会替换"}，不会自动覆盖。
            </p>
          ) : null}
          {!state.ok && !card.verifying ? (
            <p className="ai-blocked" data-testid="ai-blocked">
              {state.message}
            </p>
          ) : null}
          <p className="inline-field">
            {modes.map((mode) => (
              <button key={mode} type="button" className="small" disabled={!state.ok || card.verifying} onClick={() => ai.accept(card.item.id, mode)}>
                {ACCEPT_MODE_LABELS[mode]}
              </button>
            ))}
            {editing ? null : (
              <button type="button" className="secondary small" onClick={() => ai.startEdit(card.item.id)}>
                修改
              </button>
            )}
            <button type="button" className="secondary small danger" onClick={() => ai.discard(card.item.id)}>
              舍弃
            </button>
          </p>
        </>
      )}
    </li>
  );
}
