/**
 * Light formatting for the 文字解读 sections: bold, lists, links — a contentEditable region with
 * a small toolbar. What it emits is sanitised on save by the server's allow-list (and pasted Word
 * markup with it); the editor never trusts its own HTML.
 */
import { useEffect, useId, useRef, useState } from "react";
import { FieldErrors } from "./fields";
import { FieldFindings } from "./findings";

export function RichTextField({
  label,
  value,
  onChange,
  errors = [],
  readOnly,
  hint,
  field,
}: {
  label: string;
  value: string;
  onChange: (html: string) => void;
  errors?: string[];
  readOnly: boolean;
  hint?: string;
  /** the content path ("sections.purpose") for 审校 findings and "定位" */
  field?: string;
}) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const lastEmitted = useRef<string | null>(null);
  const savedRange = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [link, setLink] = useState("https://");

  // Only external changes (load, 生成初稿, restore) rewrite the DOM; typing never does.
  useEffect(() => {
    if (ref.current && value !== lastEmitted.current) {
      ref.current.innerHTML = value;
      lastEmitted.current = value;
    }
  }, [value]);

  const emit = () => {
    const html = ref.current?.innerHTML ?? "";
    lastEmitted.current = html;
    onChange(html);
  };
  const keepSelection = () => {
    const sel = window.getSelection();
    if (sel?.rangeCount && ref.current?.contains(sel.anchorNode)) savedRange.current = sel.getRangeAt(0);
  };
  const command = (name: string, arg?: string) => {
    ref.current?.focus();
    if (savedRange.current) {
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(savedRange.current);
    }
    document.execCommand(name, false, arg);
    emit();
  };

  return (
    <div className="field rich" data-field={field}>
      <span className="label" id={`${id}-label`}>
        {label}
      </span>
      {readOnly ? null : (
        <div className="rich-toolbar" role="toolbar" aria-label={`${label}格式`} onMouseDown={keepSelection}>
          <button type="button" className="secondary small" onMouseDown={(e) => e.preventDefault()} onClick={() => command("bold")}>
            加粗
          </button>
          <button type="button" className="secondary small" onMouseDown={(e) => e.preventDefault()} onClick={() => command("insertUnorderedList")}>
            列表
          </button>
          <button type="button" className="secondary small" onMouseDown={(e) => e.preventDefault()} onClick={() => command("insertOrderedList")}>
            编号
          </button>
          <button
            type="button"
            className="secondary small"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              keepSelection();
              setLinkOpen((o) => !o);
            }}
            aria-expanded={linkOpen}
          >
            链接
          </button>
          {linkOpen ? (
            <span className="link-input">
              <label className="sr-only" htmlFor={`${id}-link`}>
                链接地址
              </label>
              <input id={`${id}-link`} type="url" value={link} onChange={(e) => setLink(e.target.value)} />
              <button
                type="button"
                className="small"
                onClick={() => {
                  if (/^https?:\/\/\S+$/.test(link)) command("createLink", link);
                  setLinkOpen(false);
                }}
              >
                插入链接
              </button>
            </span>
          ) : null}
        </div>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a rich-text region cannot be a <textarea> */}
      <div
        ref={ref}
        className="rich-text"
        role="textbox"
        aria-multiline="true"
        aria-labelledby={`${id}-label`}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
        contentEditable={!readOnly}
        suppressContentEditableWarning
        tabIndex={0}
        data-section={label}
        onInput={emit}
        onBlur={() => {
          keepSelection();
          emit();
        }}
        onKeyUp={keepSelection}
      />
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldErrors id={`${id}-error`} errors={errors} />
      <FieldFindings field={field} />
    </div>
  );
}
