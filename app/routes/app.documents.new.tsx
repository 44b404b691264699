/**
 * 新建文件: step 1 uploads or pastes the document and shows the analysis (step 2) for review;
 * "保存" creates the document. The text travels from step 1 to step 2 in a hidden field
 * (≤ MAX_SOURCE_CHARS) and the server re-analyses it on save, so no draft is kept server-side.
 * Bodies are read with a byte limit: an oversized upload is refused from its Content-Length.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ReviewStep } from "~/components/intake/review-step";
import { UploadStep } from "~/components/intake/upload-step";
import { getConfig } from "~/config.server";
import { analyzeIntakeSchema, formatMegabytes, saveIntakeSchema } from "~/domain/forms/intake";
import { requirePermission } from "~/models/auth.server";
import { IntakeError, analyzeIntakeSource, buildReviewPayload, createDocumentFromReview, rebuildReview } from "~/features/intake/intake.server";
import { BodyTooLargeError, MalformedBodyError, readFormDataWithin } from "~/models/request-body.server";
import intakeStyles from "~/styles/intake.css?url";

export const meta: MetaFunction = () => [{ title: "新建文件 · 解读工坊" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

/** Form fields around the file (the carried text of step 2 is UTF-8, ≤ 3 bytes a character). */
const FORM_OVERHEAD_BYTES = 1024 * 1024;
const CARRIED_TEXT_BYTES = 6 * 1024 * 1024;

function limits() {
  const maxUploadBytes = Math.round(getConfig().MAX_UPLOAD_MB * 1024 * 1024);
  return { maxUploadBytes, maxBodyBytes: Math.max(maxUploadBytes, CARRIED_TEXT_BYTES) + FORM_OVERHEAD_BYTES };
}

/** 413 for what is too large, 503 while the reader is busy, 422 for a file that cannot be read. */
function intakeStatus(error: IntakeError): number {
  if (error.code === "too_large" || error.code === "docx_too_large") return 413;
  if (error.code === "busy") return 503;
  return 422;
}

function formError(message: string): SubmissionResult {
  return { status: "error", initialValue: null, error: { "": [message] } };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "document.create");
  return { maxUploadBytes: limits().maxUploadBytes };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "document.create");
  const { maxUploadBytes, maxBodyBytes } = limits();
  let formData: FormData;
  try {
    formData = await readFormDataWithin(request, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      const size = error.declaredBytes === null ? "" : `大小约 ${formatMegabytes(error.declaredBytes)}，`;
      const message = `上传的文件${size}超过上限 ${formatMegabytes(maxUploadBytes)}，已拒收。请压缩图片、拆分文件，或直接粘贴正文后再试。`;
      return data({ step: "upload" as const, result: formError(message) }, { status: 413 });
    }
    if (error instanceof MalformedBodyError) {
      return data({ step: "upload" as const, result: formError("上传没有完整收到，请检查网络后重新选择文件上传。") }, { status: 400 });
    }
    throw error;
  }

  if (formData.get("intent") === "save") {
    const submission = parseWithZod(formData, { schema: saveIntakeSchema });
    const carried = formData.get("sourceText");
    if (submission.status !== "success") {
      // Keep the officer on the review screen with what they typed, unless the text itself is lost.
      if (submission.error?.sourceText || typeof carried !== "string") {
        const message = submission.error?.sourceText?.join(" ") ?? "没有收到公文全文，请重新上传或粘贴。";
        return data({ step: "upload" as const, result: formError(message) }, { status: 400 });
      }
      try {
        const review = await rebuildReview(formData, carried);
        return data({ step: "review" as const, review, result: submission.reply() }, { status: 422 });
      } catch (error) {
        if (!(error instanceof IntakeError)) throw error;
        return data({ step: "upload" as const, result: formError(error.message) }, { status: intakeStatus(error) });
      }
    }
    try {
      const created = await createDocumentFromReview(user, submission.value);
      return redirect(`/app/documents/${created.documentId}`);
    } catch (error) {
      if (!(error instanceof IntakeError)) throw error;
      // the officer's edits stay on the review screen; only the reason is new
      const review = await rebuildReview(formData, submission.value.sourceText).catch(() => null);
      if (!review) return data({ step: "upload" as const, result: formError(error.message) }, { status: intakeStatus(error) });
      return data({ step: "review" as const, review, result: formError(error.message) }, { status: intakeStatus(error) });
    }
  }

  const submission = parseWithZod(formData, { schema: analyzeIntakeSchema(maxUploadBytes) });
  if (submission.status !== "success") {
    const file = formData.get("file");
    const status = file instanceof File && file.size > maxUploadBytes ? 413 : 400;
    return data({ step: "upload" as const, result: submission.reply({ hideFields: ["file"] }) }, { status });
  }
  try {
    const { intake, analysis } = await analyzeIntakeSource(submission.value, { maxBytes: maxUploadBytes });
    return { step: "review" as const, review: buildReviewPayload(intake, analysis), result: null };
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    const field = submission.value.file ? "file" : "pastedText";
    const status = intakeStatus(error);
    return data(
      { step: "upload" as const, result: submission.reply({ fieldErrors: { [field]: [error.message] }, hideFields: ["file"] }) },
      { status },
    );
  }
}

export default function NewDocument() {
  const { maxUploadBytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>新建文件</h1>
      {actionData?.step === "review" ? (
        <ReviewStep key={actionData.review.reviewId} review={actionData.review} lastResult={actionData.result} />
      ) : (
        <UploadStep lastResult={actionData?.result} maxUploadBytes={maxUploadBytes} />
      )}
    </div>
  );
}
