import { Form } from "@remix-run/react";
import { ELEMENT_IDS, ELEMENT_LABELS, type ElementId } from "~/domain/checks/elements";

const NOTES: Partial<Record<ElementId, string>> = {
  comparison: "（仅当文件替代或修订其他文件时检查）",
  guide: "（仅当文件涉及申请、办理等服务时检查）",
};

/** 参数设置: which 要素 the 审校 asks every interpretation to cover (settings checks.requiredElements). */
export function ElementsSettingsSection({ required, error }: { required: readonly string[]; error: string | null }) {
  return (
    <section className="card" aria-labelledby="elements-h">
      <h2 id="elements-h" style={{ marginTop: 0 }}>
        解读要素检查
      </h2>
      <p className="muted">审校对缺少的每一项要素给出一条“提示”，审核人核对确认后才能通过。不勾选的要素不检查。</p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="elementsSettings" />
        <fieldset>
          <legend>必须写到的要素</legend>
          {ELEMENT_IDS.map((id) => (
            <label key={id} style={{ fontWeight: 400 }}>
              <input type="checkbox" name="elements" value={id} defaultChecked={required.includes(id)} /> {ELEMENT_LABELS[id]}
              <span className="muted">{NOTES[id] ?? ""}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit">保存要素检查</button>
      </Form>
    </section>
  );
}
