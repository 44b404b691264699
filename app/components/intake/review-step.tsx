import {
  type SubmissionResult,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { PUBLICITY_OPTIONS, saveIntakeSchema } from "~/domain/forms/intake";
import { type ReviewPayload, docNumberProblems } from "~/domain/intake/review";
import { HighlightedText } from "./highlighted-text";
import { OutlineParts } from "./outline-tree";
import { SuggestionsPanel } from "./suggestions-panel";

const FORMAT_LABELS = { txt: "纯文本", docx: "Word", pdf: "PDF", paste: "粘贴" } as const;

/** Common 主题分类 on government portals, offered as suggestions (free text is allowed). */
const TOPIC_SUGGESTIONS = ["政务公开", "综合政务", "国民经济管理", "财政、金融、审计", "城乡建设、环境保护", "农业、林业、水利", "工业、交通", "商贸、海关、旅游", "科技、教育", "文化、广电、新闻出版", "卫生、体育", "劳动、人事、监察", "民政、扶贫、救灾", "公安、安全、司法"];

/** Step 2 of 新建文件: the metadata form (prefilled) and what the analysis found. */
export function ReviewStep({ review, lastResult }: { review: ReviewPayload; lastResult?: SubmissionResult | null }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "save";
  const { analysis, source, defaults } = review;
  const [form, fields] = useForm({
    id: `intake-review-${review.reviewId}`,
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: saveIntakeSchema }),
  });
  const typedDocNumber = typeof lastResult?.initialValue?.docNumber === "string" ? lastResult.initialValue.docNumber : defaults.docNumber;
  const [docNumber, setDocNumber] = useState(typedDocNumber);
  const docNumberRef = useRef<HTMLInputElement>(null);
  // What was typed before the page hydrated counts too (the warning follows the field, not the default).
  useEffect(() => {
    if (docNumberRef.current) setDocNumber(docNumberRef.current.value);
  }, []);
  const problems = docNumberProblems(docNumber);
  const warningId = `${fields.docNumber.id}-warning`;
  const facts = analysis.facts;
  const attachments = analysis.meta.attachments;

  return (
    <div className="stack intake-review">
      <section className="card" aria-labelledby="intake-meta-h">
        <div className="toolbar">
          <h2 id="intake-meta-h" style={{ margin: 0 }}>
            第二步：核对文件信息
          </h2>
          <a href="/app/documents/new" style={{ marginLeft: "auto" }}>
            重新上传
          </a>
        </div>
        <p className="muted">
          来源：{source.name}（{FORMAT_LABELS[source.format]}
          {source.encoding ? `，${source.encoding.toUpperCase()} 编码` : ""}
          {source.pages ? `，${source.pages} 页` : ""}，{source.characters} 字）。以下信息由系统识别，请逐项核对后保存。
        </p>
        {source.warnings.length ? (
          <ul className="notice">
            {source.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="reviewId" value={review.reviewId} />
          <input type="hidden" name="sourceText" value={review.sourceText} />
          <input type="hidden" name="sourceName" value={source.format === "paste" ? "" : source.name} />
          <input type="hidden" name="sourceFormat" value={source.format} />
          {form.errors ? (
            <p className="form-error" id={form.errorId} role="alert">
              {form.errors.join(" ")}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor={fields.title.id}>标题</label>
            <textarea {...getTextareaProps(fields.title)} key={fields.title.key} rows={2} className="intake-title" />
            <FieldErrors id={fields.title.errorId} errors={fields.title.errors} />
          </div>
          <div className="grid-2">
            <div className="field">
              <label htmlFor={fields.docNumber.id}>文号</label>
              <input
                {...getInputProps(fields.docNumber, { type: "text" })}
                key={fields.docNumber.key}
                ref={docNumberRef}
                placeholder="如 博政办字〔2020〕45号"
                aria-describedby={problems.length ? warningId : undefined}
                onInput={(e) => setDocNumber(e.currentTarget.value)}
              />
              {problems.length ? (
                <div className="intake-warning" id={warningId} role="status">
                  <strong>文号格式需要核对：</strong>
                  <ul>
                    {problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                  <span>请改为“机关代字〔年份〕序号号”（年份用六角括号〔〕）后再保存；确认无误也可直接保存。</span>
                </div>
              ) : null}
              <FieldErrors id={fields.docNumber.errorId} errors={fields.docNumber.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.issuer.id}>发文机关</label>
              <input {...getInputProps(fields.issuer, { type: "text" })} key={fields.issuer.key} />
              <FieldErrors id={fields.issuer.errorId} errors={fields.issuer.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.writtenDate.id}>成文日期</label>
              <input {...getInputProps(fields.writtenDate, { type: "date" })} key={fields.writtenDate.key} />
              <FieldErrors id={fields.writtenDate.errorId} errors={fields.writtenDate.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.publicity.id}>公开属性</label>
              <select {...getSelectProps(fields.publicity)} key={fields.publicity.key}>
                <option value="">请选择</option>
                {PUBLICITY_OPTIONS.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
              {analysis.meta.publicity ? <p className="muted">文件标注：{analysis.meta.publicity}</p> : null}
              <FieldErrors id={fields.publicity.errorId} errors={fields.publicity.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.recipients.id}>主送机关</label>
              <textarea {...getTextareaProps(fields.recipients)} key={fields.recipients.key} rows={2} aria-describedby={`${fields.recipients.id}-hint`} />
              <p className="muted" id={`${fields.recipients.id}-hint`}>
                多个机关用顿号“、”分隔或每行一个。
              </p>
              <FieldErrors id={fields.recipients.errorId} errors={fields.recipients.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.topic.id}>主题分类</label>
              <input {...getInputProps(fields.topic, { type: "text" })} key={fields.topic.key} list="intake-topics" placeholder="如 政务公开" />
              <datalist id="intake-topics">
                {TOPIC_SUGGESTIONS.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
              <FieldErrors id={fields.topic.errorId} errors={fields.topic.errors} />
            </div>
          </div>
          {attachments.length ? (
            <p className="muted">
              附件：{attachments.map((a, i) => `${i + 1}. ${a}`).join("；")}
            </p>
          ) : null}
          <div className="toolbar">
            <button type="submit" disabled={saving}>
              {saving ? "正在保存…" : "保存"}
            </button>
            <span className="muted">保存后在本单位新建文件（起草中），并建立空白的解读材料。</span>
          </div>
        </Form>
      </section>
      <div className="grid-2">
        <section className="card" aria-labelledby="intake-outline-h">
          <h2 id="intake-outline-h" style={{ marginTop: 0 }}>
            标题层级
          </h2>
          <OutlineParts parts={analysis.parts} />
        </section>
        <section className="card" aria-labelledby="intake-suggestions-h">
          <h2 id="intake-suggestions-h" style={{ marginTop: 0 }}>
            解读建议
          </h2>
          <SuggestionsPanel suggestions={analysis.suggestions} />
        </section>
      </div>
      <section className="card" aria-labelledby="intake-text-h">
        <h2 id="intake-text-h" style={{ marginTop: 0 }}>
          正文（已识别 {review.factCount} 处数字，
          {review.factCount > facts.length ? `以底色标出前 ${facts.length} 处` : "以底色标出"}，鼠标悬停查看）
        </h2>
        <HighlightedText text={analysis.text ?? review.sourceText} facts={facts} />
      </section>
    </div>
  );
}

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p className="error" id={id}>
      {errors.join(" ")}
    </p>
  ) : null;
}
