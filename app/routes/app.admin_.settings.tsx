import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AdminNav, FormErrors } from "~/components/admin/admin-nav";
import { SETTING_BOUNDS, formatDateLines } from "~/domain/admin-settings";
import { calendarSettingsSchema, packageSettingsSchema } from "~/domain/forms/admin";
import { requirePermission } from "~/models/auth.server";
import { readAdminSettings, saveCalendarSettings, savePackageSettings } from "~/models/settings.server";
import { getConfig } from "~/config.server";
import { getDb } from "~/db/client.server";
import { describeLlm } from "~/features/ai-drafting/config";
import { AiSettingsSection } from "~/features/ai-drafting/settings-section";
import { aiPublicMark, saveAiPublicMark } from "~/features/ai-drafting/settings.server";

export const meta: MetaFunction = () => [{ title: "参数设置 · 管理 · 解读工坊" }];

const DONE_MESSAGES = {
  calendar: "已保存工作日历与时效要求，考核统计按新日历计算滞后工作日。",
  package: "已保存解读材料要求，解读材料编辑页的完整性提示立即按新要求计算；导出保留次数在下一次导出成功时生效。",
  ai: "已保存 AI 起草设置，公开页面的“AI 辅助生成”标注立即按新设置显示。",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.manage");
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const s = readAdminSettings();
  return {
    holidays: formatDateLines(s.holidays),
    workdays: formatDateLines(s.workdays),
    holidayCount: s.holidays.length,
    workdayCount: s.workdays.length,
    maxLagWorkingDays: s.maxLagWorkingDays,
    qaMinCount: s.qaMinCount,
    warnSharePercent: Math.round(s.warnShare * 100),
    exportKeepJobs: s.exportKeepJobs,
    ai: { llm: describeLlm(getConfig().llm), publicMark: await aiPublicMark(getDb()) },
    done: done && done in DONE_MESSAGES ? DONE_MESSAGES[done as keyof typeof DONE_MESSAGES] : null,
    /** changes with every save, so a saved form shows the stored (normalised) values again */
    savedAt: url.searchParams.get("at") ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin.manage");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "calendarSettings") {
    const submission = parseWithZod(formData, { schema: calendarSettingsSchema });
    if (submission.status !== "success") return { intent, result: submission.reply() };
    saveCalendarSettings(submission.value, user.id);
    return redirect(`/app/admin/settings?done=calendar&at=${Date.now()}`);
  }
  if (intent === "packageSettings") {
    const submission = parseWithZod(formData, { schema: packageSettingsSchema });
    if (submission.status !== "success") return { intent, result: submission.reply() };
    savePackageSettings(submission.value, user.id);
    return redirect(`/app/admin/settings?done=package&at=${Date.now()}`);
  }
  if (intent === "aiSettings") {
    await saveAiPublicMark(getDb(), formData.get("publicMark") === "1", user.id);
    return redirect(`/app/admin/settings?done=ai&at=${Date.now()}`);
  }
  throw new Response("未知的操作，请刷新页面后重试。", { status: 400 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;

const described = (...ids: (string | false)[]) => ids.filter(Boolean).join(" ") || undefined;

function CalendarSection({ data, actionData }: { data: LoaderData; actionData: ActionData }) {
  const [calendarForm, calendarFields] = useForm({
    id: "calendar-settings",
    lastResult: actionData?.intent === "calendarSettings" ? actionData.result : undefined,
    defaultValue: { holidays: data.holidays, workdays: data.workdays, maxLagWorkingDays: String(data.maxLagWorkingDays) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: calendarSettingsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const { maxLagWorkingDays } = SETTING_BOUNDS;
  return (
    <section className="card" aria-labelledby="calendar-h">
      <h2 id="calendar-h" style={{ marginTop: 0 }}>
        工作日历与时效要求
      </h2>
      <p className="muted">
        解读材料最迟应在文件发布后若干个工作日内发布。工作日为周一至周五，去掉下面列出的法定节假日，加上调休上班的周末。国务院每年公布新的放假安排，请及时补充。当前：节假日 {data.holidayCount} 天，调休上班日{" "}
        {data.workdayCount} 天。
      </p>
      <Form method="post" {...getFormProps(calendarForm)}>
        <input type="hidden" name="intent" value="calendarSettings" />
        <FormErrors errors={calendarForm.errors} id={calendarForm.errorId} />
        <div className="grid-2">
          <div className="field">
            <label htmlFor={calendarFields.holidays.id}>法定节假日（每行一个日期或一段日期）</label>
            <textarea
              {...getTextareaProps(calendarFields.holidays)}
              key={calendarFields.holidays.key}
              rows={10}
              aria-describedby={described(!calendarFields.holidays.valid && calendarFields.holidays.errorId, "calendar-format-help")}
            />
            <FormErrors errors={calendarFields.holidays.errors} id={calendarFields.holidays.errorId} />
          </div>
          <div className="field">
            <label htmlFor={calendarFields.workdays.id}>调休上班日（需要上班的周六、周日）</label>
            <textarea
              {...getTextareaProps(calendarFields.workdays)}
              key={calendarFields.workdays.key}
              rows={10}
              aria-describedby={described(!calendarFields.workdays.valid && calendarFields.workdays.errorId, "calendar-format-help")}
            />
            <FormErrors errors={calendarFields.workdays.errors} id={calendarFields.workdays.errorId} />
          </div>
        </div>
        <p className="muted" id="calendar-format-help" style={{ marginTop: 0 }}>
          格式：2024-10-01，或 2024-10-01 至 2024-10-07（一段最长 31 天）。空行会被忽略；任何一行有误时不保存，请按提示改正。
        </p>
        <div className="field" style={{ maxWidth: "22rem" }}>
          <label htmlFor={calendarFields.maxLagWorkingDays.id}>
            解读最长滞后（工作日，{maxLagWorkingDays.min}–{maxLagWorkingDays.max}）
          </label>
          <input
            {...getInputProps(calendarFields.maxLagWorkingDays, { type: "number" })}
            key={calendarFields.maxLagWorkingDays.key}
            min={maxLagWorkingDays.min}
            max={maxLagWorkingDays.max}
            step={1}
          />
          <FormErrors errors={calendarFields.maxLagWorkingDays.errors} id={calendarFields.maxLagWorkingDays.errorId} />
        </div>
        <button type="submit">保存工作日历</button>
      </Form>
    </section>
  );
}

function PackageSection({ data, actionData }: { data: LoaderData; actionData: ActionData }) {
  const [packageForm, packageFields] = useForm({
    id: "package-settings",
    lastResult: actionData?.intent === "packageSettings" ? actionData.result : undefined,
    defaultValue: { qaMinCount: String(data.qaMinCount), warnSharePercent: String(data.warnSharePercent), exportKeepJobs: String(data.exportKeepJobs) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: packageSettingsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const { qaMinCount, warnSharePercent, exportKeepJobs } = SETTING_BOUNDS;
  return (
    <section className="card" aria-labelledby="package-h">
      <h2 id="package-h" style={{ marginTop: 0 }}>
        解读材料要求
      </h2>
      <Form method="post" {...getFormProps(packageForm)}>
        <input type="hidden" name="intent" value="packageSettings" />
        <FormErrors errors={packageForm.errors} id={packageForm.errorId} />
        <div className="grid-2">
          <div className="field">
            <label htmlFor={packageFields.qaMinCount.id}>
              简明问答最少条数（{qaMinCount.min}–{qaMinCount.max}）
            </label>
            <input
              {...getInputProps(packageFields.qaMinCount, { type: "number" })}
              key={packageFields.qaMinCount.key}
              min={qaMinCount.min}
              max={qaMinCount.max}
              step={1}
            />
            <FormErrors errors={packageFields.qaMinCount.errors} id={packageFields.qaMinCount.errorId} />
          </div>
          <div className="field">
            <label htmlFor={packageFields.warnSharePercent.id}>
              摘抄提醒比例（%，{warnSharePercent.min}–{warnSharePercent.max}）
            </label>
            <input
              {...getInputProps(packageFields.warnSharePercent, { type: "number" })}
              key={packageFields.warnSharePercent.key}
              min={warnSharePercent.min}
              max={warnSharePercent.max}
              step={1}
              aria-describedby={described(!packageFields.warnSharePercent.valid && packageFields.warnSharePercent.errorId, "warn-share-help")}
            />
            <p className="muted" id="warn-share-help" style={{ margin: ".25rem 0 0", fontSize: ".9rem" }}>
              解读文字中与原文相同的部分超过这个比例时，编辑页提示可能是摘抄。
            </p>
            <FormErrors errors={packageFields.warnSharePercent.errors} id={packageFields.warnSharePercent.errorId} />
          </div>
          <div className="field">
            <label htmlFor={packageFields.exportKeepJobs.id}>
              保留最近导出次数（{exportKeepJobs.min}–{exportKeepJobs.max}）
            </label>
            <input
              {...getInputProps(packageFields.exportKeepJobs, { type: "number" })}
              key={packageFields.exportKeepJobs.key}
              min={exportKeepJobs.min}
              max={exportKeepJobs.max}
              step={1}
              aria-describedby={described(!packageFields.exportKeepJobs.valid && packageFields.exportKeepJobs.errorId, "export-keep-help")}
            />
            <p className="muted" id="export-keep-help" style={{ margin: ".25rem 0 0", fontSize: ".9rem" }}>
              每份解读材料只保留最近这么多次导出（含失败的）的图片和压缩包，新的导出成功后删除更早的；公开页面正在使用的那次始终保留。
            </p>
            <FormErrors errors={packageFields.exportKeepJobs.errors} id={packageFields.exportKeepJobs.errorId} />
          </div>
        </div>
        <button type="submit">保存解读材料要求</button>
      </Form>
    </section>
  );
}

export default function AdminSettings() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="stack admin-settings" data-hydrated={hydrated ? "true" : undefined}>
      <h1>参数设置</h1>
      <AdminNav />
      {data.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      <CalendarSection key={`calendar-${data.savedAt}`} data={data} actionData={actionData} />
      <PackageSection key={`package-${data.savedAt}`} data={data} actionData={actionData} />
      <AiSettingsSection key={`ai-${data.savedAt}`} view={data.ai} />
    </div>
  );
}
