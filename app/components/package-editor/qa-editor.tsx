/**
 * 简明问答: add, edit, delete (undoable, by the page), reorder (drag or 上移/下移); each answer
 * cites clauses from the outline; 审校 findings show under the question and the answer.
 */
import { useId, useState } from "react";
import { describeClausePath } from "~/domain/analysis/clause-path";
import type { QaContent } from "~/domain/package/content";
import type { ClauseOption } from "~/domain/package/clauses";
import { type FieldErrors, errorsAt } from "./use-package-editor";
import { ReorderControls, TextField, dragProps, moveItem } from "./fields";

export function QaEditor({
  items,
  onChange,
  onRemove,
  clauses,
  errors,
  readOnly,
}: {
  items: QaContent[];
  onChange: (items: QaContent[]) => void;
  /** removes item `index` (the page keeps it for 撤销删除) */
  onRemove: (index: number) => void;
  clauses: ClauseOption[];
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const move = (from: number, to: number) => onChange(moveItem(items, from, to));
  const set = (i: number, patch: Partial<QaContent>) => onChange(items.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  return (
    <div className="stack">
      {items.length === 0 ? <p className="muted">还没有问答。可点“从文件生成初稿”，或手动添加。</p> : null}
      <ol className="item-list">
        {items.map((q, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no stable id before their first save
          <li key={i} className="item qa-item" data-field={`qa[${i}]`} {...(readOnly ? {} : dragProps(i, move, "qa"))}>
            <div className="item-head">
              <strong>问答 {i + 1}</strong>
              {readOnly ? null : (
                <>
                  <ReorderControls index={i} count={items.length} label={`问答 ${i + 1}`} onMove={move} />
                  <button type="button" className="secondary small danger" onClick={() => onRemove(i)} aria-label={`删除问答 ${i + 1}`}>
                    删除
                  </button>
                </>
              )}
            </div>
            <TextField
              label="问题"
              name={`qa-${i}-question`}
              field={`qa[${i}].question`}
              value={q.question}
              onChange={(v) => set(i, { question: v })}
              errors={errorsAt(errors, `qa[${i}].question`)}
            />
            <TextField
              label="回答"
              name={`qa-${i}-answer`}
              field={`qa[${i}].answer`}
              multiline
              rows={5}
              value={q.answer}
              onChange={(v) => set(i, { answer: v })}
              errors={errorsAt(errors, `qa[${i}].answer`)}
              hint={`${q.answer.length.toLocaleString("zh-CN")} / 3,000 字`}
            />
            <ClauseRefs refs={q.clauseRefs} clauses={clauses} readOnly={readOnly} onChange={(refs) => set(i, { clauseRefs: refs })} index={i} />
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" className="secondary" onClick={() => onChange([...items, { question: "", answer: "", clauseRefs: [] }])}>
          添加问答
        </button>
      )}
    </div>
  );
}

function ClauseRefs({
  refs,
  clauses,
  readOnly,
  onChange,
  index,
}: {
  refs: string[][];
  clauses: ClauseOption[];
  readOnly: boolean;
  onChange: (refs: string[][]) => void;
  index: number;
}) {
  const id = useId();
  const [picked, setPicked] = useState("");
  const key = (p: string[]) => JSON.stringify(p);
  return (
    <div className="clause-refs">
      {refs.length ? (
        <p className="citation">
          依据：
          {refs.map((r, k) => (
            <span key={key(r)} className="chip">
              {describeClausePath(r)}
              {readOnly ? null : (
                <button type="button" className="chip-remove" onClick={() => onChange(refs.filter((_, j) => j !== k))} aria-label={`移除依据 ${describeClausePath(r)}`}>
                  ×
                </button>
              )}
            </span>
          ))}
        </p>
      ) : null}
      {readOnly || clauses.length === 0 ? null : (
        <div className="inline-field">
          <label htmlFor={id}>引用条款</label>
          <select id={id} name={`qa-${index}-clause`} value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">从文件提纲中选择…</option>
            {clauses.map((c) => (
              <option key={key(c.path)} value={key(c.path)}>
                {"　".repeat(Math.max(0, c.level - 1))}
                {c.label}
                {c.title ? ` ${c.title}` : ""}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary small"
            disabled={!picked}
            onClick={() => {
              const path = clauses.find((c) => key(c.path) === picked)?.path;
              if (path && !refs.some((r) => key(r) === picked)) onChange([...refs, path]);
              setPicked("");
            }}
          >
            添加依据
          </button>
        </div>
      )}
    </div>
  );
}
