/**
 * 图解: pick an image template, fill its slots, see the card in a sandboxed iframe rendered from
 * the same HTML the exporter screenshots, in the same bundled fonts (served by the app). Starter
 * slots and the preview come from the graphic resource route; the slot form is generated from the
 * slot values themselves. The alt text and long description are generated here, from the slots,
 * on every edit (app/domain/package/graphic-texts.ts), so they never lag behind a quick change.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import type { GraphicContent, PackageContent } from "~/domain/package/content";
import { type GraphicTexts, generatedGraphicTexts, withGeneratedTexts } from "~/domain/package/graphic-texts";
import { TextField } from "./fields";
import { FieldFindings } from "./findings";
import { type FieldErrors, errorsAt, errorsWithin } from "./use-package-editor";

export type TemplateChoice = { id: string; name: string; version: number };

type PreviewData =
  | { kind: "preview"; ok: true; html: string; altText: string; longDescription: string; width: number; height: number }
  | { kind: "preview"; ok: false; errors: string[] }
  | { kind: "starter"; ok: true; slots: Record<string, unknown> }
  | { kind: "starter"; ok: false; message: string };

const SLOT_LABELS: Record<string, string> = {
  title: "标题",
  kicker: "栏目",
  department: "单位",
  docNumber: "文号",
  date: "日期",
  question: "问题",
  flow: "回答段落",
  text: "文字",
  kind: "类型",
  heading: "小标题",
  figures: "关键数字",
  value: "数值",
  unit: "单位",
  label: "说明",
  items: "事项",
  body: "正文",
  chart: "图表",
  data: "数据",
  source: "数据来源",
  answer: "回答",
  citation: "依据",
};
const HIDDEN = new Set(["index", "total", "page", "pages", "part", "id", "spec", "version"]);

function SlotField({ name, value, onChange, path }: { name: string; value: unknown; onChange: (v: unknown) => void; path: string }) {
  const label = SLOT_LABELS[name] ?? name;
  if (HIDDEN.has(name)) return null;
  if (typeof value === "string")
    return <TextField label={label} value={value} multiline={value.length > 40} rows={3} onChange={onChange} name={`slot-${path}`} />;
  if (typeof value === "number")
    return <TextField label={label} value={String(value)} onChange={(v) => onChange(Number.isFinite(Number(v)) ? Number(v) : value)} name={`slot-${path}`} />;
  if (Array.isArray(value))
    return (
      <fieldset className="slot-group">
        <legend>{label}</legend>
        {value.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: positional slot items
          <div key={i} className="slot-item">
            <SlotField name={`${i + 1}`} value={item} path={`${path}.${i}`} onChange={(v) => onChange(value.map((x, j) => (j === i ? v : x)))} />
            <button type="button" className="secondary small" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`删除${label}第 ${i + 1} 项`}>
              删除
            </button>
          </div>
        ))}
        {value.length ? (
          <button type="button" className="secondary small" onClick={() => onChange([...value, structuredClone(value[value.length - 1])])}>
            添加一项
          </button>
        ) : null}
      </fieldset>
    );
  if (typeof value === "object" && value !== null)
    return (
      <fieldset className="slot-group">
        <legend>{label}</legend>
        {Object.entries(value).map(([k, v]) => (
          <SlotField key={k} name={k} value={v} path={`${path}.${k}`} onChange={(next) => onChange({ ...value, [k]: next })} />
        ))}
      </fieldset>
    );
  return null;
}

function GraphicItem({
  graphic,
  index,
  previewUrl,
  templates,
  onChange,
  onRemove,
  errors,
  readOnly,
}: {
  graphic: GraphicContent;
  index: number;
  previewUrl: string;
  templates: TemplateChoice[];
  onChange: (g: GraphicContent) => void;
  onRemove: () => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const fetcher = useFetcher<PreviewData>();
  const slotsJson = JSON.stringify(graphic.slots);
  const [preview, setPreview] = useState<Extract<PreviewData, { kind: "preview" }> | null>(null);
  const submit = fetcher.submit;
  useEffect(() => {
    const timer = setTimeout(() => {
      submit({ intent: "preview", templateId: graphic.templateId, slots: slotsJson, content: "" }, { method: "post", action: previewUrl });
    }, 500);
    return () => clearTimeout(timer);
  }, [graphic.templateId, slotsJson, previewUrl, submit]);
  useEffect(() => {
    if (fetcher.data?.kind === "preview") setPreview(fetcher.data);
  }, [fetcher.data]);
  const templateName = templates.find((t) => t.id === graphic.templateId)?.name ?? graphic.templateId;
  const generated = generatedGraphicTexts(graphic.templateId, graphic.slots);
  // The texts last set automatically: they keep following the slots through a keystroke where
  // the slots do not fit the template.
  const lastGenerated = useRef<GraphicTexts | null>(generated);
  const changeSlots = (slots: GraphicContent["slots"]) => {
    const result = withGeneratedTexts(graphic, { ...graphic, slots }, lastGenerated.current);
    if (result.generated) lastGenerated.current = result.generated;
    onChange(result.graphic);
  };

  return (
    <li className="item graphic-item" data-field={`graphics[${index}]`}>
      <div className="item-head">
        <strong>
          图解 {index + 1} · {templateName}
        </strong>
        {readOnly ? null : (
          <button type="button" className="secondary small danger" onClick={onRemove} aria-label={`删除图解 ${index + 1}`}>
            删除
          </button>
        )}
      </div>
      <div className="grid-2">
        <div>
          <fieldset disabled={readOnly} className="plain">
            {Object.entries(graphic.slots).map(([k, v]) => (
              <SlotField key={k} name={k} value={v} path={`${index}.${k}`} onChange={(next) => changeSlots({ ...graphic.slots, [k]: next })} />
            ))}
          </fieldset>
          {errorsWithin(errors, `graphics[${index}].slots`).length ? <p className="error">{errorsWithin(errors, `graphics[${index}].slots`).join(" ")}</p> : null}
          <FieldFindings field={`graphics[${index}].slots`} within />
        </div>
        <div className="graphic-preview">
          {preview?.ok ? (
            <div className="frame-wrap" style={{ aspectRatio: `${preview.width} / ${preview.height}` }}>
              <iframe
                title={`图解 ${index + 1} 预览`}
                sandbox=""
                srcDoc={preview.html}
                style={{ width: preview.width, height: preview.height, transform: `scale(${360 / preview.width})` }}
              />
            </div>
          ) : preview && !preview.ok ? (
            <p className="form-error">{preview.errors.join("；")}</p>
          ) : (
            <p className="muted">正在生成预览…</p>
          )}
        </div>
      </div>
      <TextField label="替代文字" field={`graphics[${index}].altText`} multiline rows={2} value={graphic.altText ?? ""} onChange={(v) => onChange({ ...graphic, altText: v })} errors={errorsAt(errors, `graphics[${index}].altText`)} />
      {!readOnly && generated && (generated.altText !== graphic.altText || generated.longDescription !== graphic.longDescription) ? (
        <button type="button" className="secondary small" onClick={() => onChange({ ...graphic, altText: generated.altText, longDescription: generated.longDescription })}>
          使用按图解内容生成的替代文字和长描述
        </button>
      ) : null}
      <TextField label="长描述（图中全部文字）" multiline rows={3} value={graphic.longDescription ?? ""} onChange={(v) => onChange({ ...graphic, longDescription: v })} />
    </li>
  );
}

export function GraphicsEditor({
  content,
  onChange,
  onRemove,
  templates,
  previewUrl,
  errors,
  readOnly,
}: {
  content: PackageContent;
  onChange: (graphics: GraphicContent[]) => void;
  /** removes graphic `index` (the page keeps it for 撤销删除) */
  onRemove: (index: number) => void;
  templates: TemplateChoice[];
  previewUrl: string;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const id = useId();
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const starter = useFetcher<PreviewData>();
  const [message, setMessage] = useState<string | null>(null);
  const pending = useRef(false);
  useEffect(() => {
    const data = starter.data;
    if (starter.state !== "idle" || !data || data.kind !== "starter" || !pending.current) return;
    pending.current = false;
    if (!data.ok) {
      setMessage(data.message);
      return;
    }
    setMessage(null);
    const version = templates.find((t) => t.id === templateId)?.version ?? 1;
    const texts = generatedGraphicTexts(templateId, data.slots);
    onChange([...content.graphics, { templateId, templateVersion: version, slots: data.slots, altText: texts?.altText ?? null, longDescription: texts?.longDescription ?? null }]);
  }, [starter.state, starter.data, templateId, templates, content.graphics, onChange]);

  return (
    <div className="stack">
      <ol className="item-list">
        {content.graphics.map((g, i) => (
          <GraphicItem
            // biome-ignore lint/suspicious/noArrayIndexKey: positional
            key={`${i}-${g.templateId}`}
            graphic={g}
            index={i}
            previewUrl={previewUrl}
            templates={templates}
            errors={errors}
            readOnly={readOnly}
            onChange={(next) => onChange(content.graphics.map((x, j) => (j === i ? next : x)))}
            onRemove={() => onRemove(i)}
          />
        ))}
      </ol>
      {readOnly ? null : (
        <div className="inline-field">
          <label htmlFor={id}>图解模板</label>
          <select id={id} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary"
            disabled={starter.state !== "idle"}
            onClick={() => {
              pending.current = true;
              starter.submit({ intent: "starter", templateId, slots: "{}", content: JSON.stringify(content) }, { method: "post", action: previewUrl });
            }}
          >
            添加图解
          </button>
        </div>
      )}
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
