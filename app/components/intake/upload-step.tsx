import { type SubmissionResult, getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { type DragEvent, useRef, useState } from "react";
import { ACCEPT_ATTRIBUTE, analyzeIntakeSchema, formatMegabytes } from "~/domain/forms/intake";

/** Step 1 of 新建文件: choose (or drop) a file, or paste the text. */
export function UploadStep({ lastResult, maxUploadBytes }: { lastResult?: SubmissionResult | null; maxUploadBytes: number }) {
  const navigation = useNavigation();
  const analysing = navigation.state !== "idle" && navigation.formData?.get("intent") === "analyze";
  const fileRef = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [form, fields] = useForm({
    id: "intake-upload",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: analyzeIntakeSchema(maxUploadBytes) }),
  });

  function onDrop(event: DragEvent<HTMLFieldSetElement>) {
    event.preventDefault();
    setDragging(false);
    const files = event.dataTransfer.files;
    if (fileRef.current && files.length > 0) {
      fileRef.current.files = files;
      setChosen(files[0].name);
    }
  }

  return (
    <Form method="post" encType="multipart/form-data" className="card stack" aria-busy={analysing} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="analyze" />
      <h2 style={{ marginTop: 0 }}>第一步：上传或粘贴公文</h2>
      {form.errors ? (
        <p className="form-error" id={form.errorId} role="alert">
          {form.errors.join(" ")}
        </p>
      ) : null}
      <fieldset
        className={`intake-drop${dragging ? " is-dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <legend className="sr-only">上传文件</legend>
        <label htmlFor={fields.file.id}>选择公文文件</label>
        <input
          {...getInputProps(fields.file, { type: "file" })}
          key={fields.file.key}
          ref={fileRef}
          accept={ACCEPT_ATTRIBUTE}
          aria-describedby={`${fields.file.descriptionId} ${fields.file.errorId}`}
          onChange={(e) => setChosen(e.currentTarget.files?.[0]?.name ?? null)}
        />
        <p className="muted" id={fields.file.descriptionId}>
          支持 Word（.docx）、PDF（文字版）和纯文本（.txt，UTF-8 或 GBK），不超过 {formatMegabytes(maxUploadBytes)}。也可以把文件拖到这里。
          {chosen ? ` 已选择：${chosen}` : ""}
        </p>
        {fields.file.errors ? (
          <p className="error" id={fields.file.errorId} role="alert">
            {fields.file.errors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={fields.pastedText.id}>或者粘贴公文全文</label>
        <textarea
          {...getTextareaProps(fields.pastedText)}
          key={fields.pastedText.key}
          rows={10}
          placeholder="从标题、文号开始，粘贴到落款和印发日期为止。"
        />
        {fields.pastedText.errors ? (
          <p className="error" id={fields.pastedText.errorId} role="alert">
            {fields.pastedText.errors.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="toolbar">
        <button type="submit" disabled={analysing}>
          {analysing ? "正在分析…" : "下一步：分析"}
        </button>
        {analysing ? (
          <p className="notice intake-progress" role="status">
            正在上传并分析公文（提取文字、识别文号和标题层级、查找数字），请稍候…
          </p>
        ) : null}
      </div>
    </Form>
  );
}
