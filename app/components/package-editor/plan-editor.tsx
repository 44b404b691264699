/** 解读方案: forms, channels, 解读人 (defaults to the head), planned release, outline. */
import { useId } from "react";
import { TextField } from "./fields";
import { type FieldErrors, errorsAt } from "./use-package-editor";
import { CHANNEL_LABELS, FORM_LABELS } from "~/domain/vocabulary";
import { type PackagePlan } from "~/domain/package/content";

export function PlanEditor({
  plan,
  onChange,
  heads,
  errors,
  readOnly,
}: {
  plan: PackagePlan;
  onChange: (plan: PackagePlan) => void;
  heads: { id: number; name: string }[];
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const id = useId();
  const toggle = (list: string[], key: string, on: boolean) => (on ? [...new Set([...list, key])] : list.filter((k) => k !== key));
  return (
    <fieldset className="plain" disabled={readOnly}>
      <fieldset className="checks">
        <legend>解读形式（建议多种形式，避免“形式单一”）</legend>
        {Object.entries(FORM_LABELS).map(([key, label]) => (
          <label key={key}>
            <input type="checkbox" checked={plan.forms.includes(key)} onChange={(e) => onChange({ ...plan, forms: toggle(plan.forms, key, e.target.checked) })} /> {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>发布渠道</legend>
        {Object.entries(CHANNEL_LABELS).map(([key, label]) => (
          <label key={key}>
            <input type="checkbox" checked={plan.channels.includes(key)} onChange={(e) => onChange({ ...plan, channels: toggle(plan.channels, key, e.target.checked) })} /> {label}
          </label>
        ))}
      </fieldset>
      <div className="grid-2 tight">
        <div className="field">
          <label htmlFor={`${id}-interp`}>解读人（第一解读人为单位主要负责人）</label>
          <select
            id={`${id}-interp`}
            value={plan.interpreterId ?? ""}
            onChange={(e) => {
              const head = heads.find((h) => String(h.id) === e.target.value);
              onChange({ ...plan, interpreterId: head?.id ?? null, interpreterName: head?.name ?? plan.interpreterName });
            }}
          >
            <option value="">其他（在右侧填写姓名）</option>
            {heads.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </div>
        <TextField label="解读人姓名" value={plan.interpreterName ?? ""} onChange={(v) => onChange({ ...plan, interpreterName: v })} errors={errorsAt(errors, "plan.interpreterName")} />
        <TextField
          label="计划发布日期（与文件同步）"
          type="date"
          value={plan.plannedRelease ?? ""}
          onChange={(v) => onChange({ ...plan, plannedRelease: v || null })}
          errors={errorsAt(errors, "plan.plannedRelease")}
        />
      </div>
      <TextField label="解读提纲" multiline rows={3} value={plan.outline ?? ""} onChange={(v) => onChange({ ...plan, outline: v })} errors={errorsAt(errors, "plan.outline")} />
    </fieldset>
  );
}
