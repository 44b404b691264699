/**
 * 案例说明 (situation → what the policy means for you) and 媒体 records (发布会、吹风会、视频、
 * 负责人解读). Deleting goes through the page, which keeps the item for 撤销删除.
 */
import { useId } from "react";
import type { CaseContent, MediaContent } from "~/domain/package/content";
import { ReorderControls, TextField, dragProps, moveItem } from "./fields";
import { type FieldErrors, errorsAt } from "./use-package-editor";
import { MEDIA_KINDS, MEDIA_KIND_LABELS } from "~/domain/vocabulary";

type ListProps<T> = { items: T[]; onChange: (items: T[]) => void; onRemove: (index: number) => void; errors: FieldErrors; readOnly: boolean };

export function CasesEditor({ items, onChange, onRemove, errors, readOnly }: ListProps<CaseContent>) {
  const move = (from: number, to: number) => onChange(moveItem(items, from, to));
  const set = (i: number, patch: Partial<CaseContent>) => onChange(items.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <div className="stack">
      {items.length === 0 ? <p className="muted">用一两个具体情形说明政策对群众或企业意味着什么。</p> : null}
      <ol className="item-list">
        {items.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional
          <li key={i} className="item" data-field={`cases[${i}]`} {...(readOnly ? {} : dragProps(i, move, "case"))}>
            <div className="item-head">
              <strong>案例 {i + 1}</strong>
              {readOnly ? null : (
                <>
                  <ReorderControls index={i} count={items.length} label={`案例 ${i + 1}`} onMove={move} />
                  <button type="button" className="secondary small danger" onClick={() => onRemove(i)} aria-label={`删除案例 ${i + 1}`}>
                    删除
                  </button>
                </>
              )}
            </div>
            <TextField label="案例标题" field={`cases[${i}].title`} value={c.title} onChange={(v) => set(i, { title: v })} errors={errorsAt(errors, `cases[${i}].title`)} />
            <TextField
              label="情形（谁、遇到什么事）"
              field={`cases[${i}].situation`}
              multiline
              rows={3}
              value={c.situation}
              onChange={(v) => set(i, { situation: v })}
              errors={errorsAt(errors, `cases[${i}].situation`)}
            />
            <TextField
              label="政策怎么说、怎么办"
              field={`cases[${i}].explanation`}
              multiline
              rows={4}
              value={c.explanation}
              onChange={(v) => set(i, { explanation: v })}
              errors={errorsAt(errors, `cases[${i}].explanation`)}
            />
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" className="secondary" onClick={() => onChange([...items, { title: "", situation: "", explanation: "" }])}>
          添加案例
        </button>
      )}
    </div>
  );
}

function isMediaKind(value: string): value is MediaContent["kind"] {
  return MEDIA_KINDS.some((k) => k === value);
}

export function MediaEditor({ items, onChange, onRemove, errors, readOnly }: ListProps<MediaContent>) {
  const id = useId();
  const set = (i: number, patch: Partial<MediaContent>) => onChange(items.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <div className="stack">
      {items.length === 0 ? <p className="muted">记录新闻发布会、吹风会、视频或负责人解读（日期、发布人、链接、文字实录）。</p> : null}
      <ol className="item-list">
        {items.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional
          <li key={i} className="item" data-field={`media[${i}]`}>
            <div className="item-head">
              <strong>媒体记录 {i + 1}</strong>
              {readOnly ? null : (
                <button type="button" className="secondary small danger" onClick={() => onRemove(i)} aria-label={`删除媒体记录 ${i + 1}`}>
                  删除
                </button>
              )}
            </div>
            <div className="grid-2 tight">
              <div className="field">
                <label htmlFor={`${id}-${i}-kind`}>类型</label>
                <select id={`${id}-${i}-kind`} value={m.kind} disabled={readOnly} onChange={(e) => isMediaKind(e.target.value) && set(i, { kind: e.target.value })}>
                  {MEDIA_KINDS.map((k) => [k, MEDIA_KIND_LABELS[k]] as const).map(([k, label]) => (
                    <option key={k} value={k}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <TextField label="日期" type="date" value={m.date ?? ""} onChange={(v) => set(i, { date: v })} errors={errorsAt(errors, `media[${i}].date`)} />
              <TextField label="发布人" value={m.speaker ?? ""} onChange={(v) => set(i, { speaker: v })} errors={errorsAt(errors, `media[${i}].speaker`)} />
              <div className="field checkbox">
                <label>
                  <input type="checkbox" checked={m.speakerIsHead} disabled={readOnly} onChange={(e) => set(i, { speakerIsHead: e.target.checked })} /> 发布人是主要负责人
                </label>
              </div>
            </div>
            <TextField label="链接" type="url" value={m.link ?? ""} onChange={(v) => set(i, { link: v })} errors={errorsAt(errors, `media[${i}].link`)} hint="以 https:// 开头的网址" />
            <TextField label="文字实录" field={`media[${i}].transcript`} multiline rows={4} value={m.transcript ?? ""} onChange={(v) => set(i, { transcript: v })} errors={errorsAt(errors, `media[${i}].transcript`)} />
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <button type="button" className="secondary" onClick={() => onChange([...items, { kind: "press_conference", date: null, speaker: null, speakerIsHead: false, link: null, transcript: null }])}>
          添加媒体记录
        </button>
      )}
    </div>
  );
}
