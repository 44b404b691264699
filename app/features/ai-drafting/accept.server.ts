/**
 * Accepting model text, enforced where it is stored. The editor sends, with the save that takes
 * the text over, which suggestions it accepted (`aiAccepted`: suggestion id, the content fields it
 * wrote, the officer's edits of the parts). Before the save, each is re-verified from the stored
 * original with those edits — a suggestion that still carries unverified model claims is refused
 * (the save with it) whatever the browser says. After the save, the fields are recorded with the
 * revision it made and the audit row (app/features/ai-drafting/store.server.ts).
 */
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { acceptanceState } from "~/domain/ai-drafting/acceptance";
import { isEdited, partEditsSchema, withEdits } from "~/domain/ai-drafting/schema";
import { verifySuggestion } from "~/domain/ai-drafting/verify";
import type { SessionUser } from "~/models/auth.server";
import { draftingScope } from "./context.server";
import { type Acceptance, getSuggestion, recordAcceptances } from "./store.server";

export const AI_ACCEPTED_FIELD = "aiAccepted";

export const acceptedClaimsSchema = z
  .array(
    z.object({
      suggestionId: z.number().int().positive(),
      fields: z.array(z.string().max(200)).min(1).max(20),
      edits: partEditsSchema,
    }),
  )
  .max(100);
export type AcceptedClaim = z.infer<typeof acceptedClaimsSchema>[number];

export type AiSaveHook =
  | { ok: true; note: string | null; record: (saved: { revisionId: number | null; version: number }) => Promise<void> }
  | { ok: false; message: string };

const NONE: AiSaveHook = { ok: true, note: null, record: async () => {} };

function parseClaims(raw: FormDataEntryValue | null): AcceptedClaim[] | null {
  if (raw === null || raw === "") return [];
  if (typeof raw !== "string" || raw.length > 2_000_000) return null;
  try {
    const r = acceptedClaimsSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The check before a save and the record after it; a no-op when the save takes over nothing. */
export async function aiAcceptanceForSave(db: Db, user: SessionUser, documentId: number, form: FormData): Promise<AiSaveHook> {
  const claims = parseClaims(form.get(AI_ACCEPTED_FIELD));
  if (claims === null) return { ok: false, message: "采纳的模型建议无法识别，请刷新页面后重新采纳。" };
  if (claims.length === 0) return NONE;
  const scope = await draftingScope(db, user, documentId);
  const acceptances: Acceptance[] = [];
  for (const claim of claims) {
    const stored = await getSuggestion(db, scope.packageId, claim.suggestionId);
    if (!stored) return { ok: false, message: "采纳的模型建议不属于这份解读材料，请刷新页面后重试。" };
    // a claim sent twice (the first save answered, the browser retried) is recorded once; a
    // suggestion a later run superseded (still open in the editor) is verified and recorded like any
    if (stored.status === "accepted") continue;
    const current = withEdits(stored.suggestion, claim.edits);
    const state = acceptanceState(stored.suggestion, current, verifySuggestion(current, scope.verify));
    if (!state.ok) return { ok: false, message: `“${stored.suggestion.title}”不能采纳：${state.message ?? ""}` };
    acceptances.push({ suggestion: stored, fields: claim.fields, edited: isEdited(stored.suggestion, current) });
  }
  if (acceptances.length === 0) return NONE;
  return {
    ok: true,
    note: `采纳模型起草的内容（${acceptances.map((a) => a.suggestion.suggestion.title).join("、").slice(0, 120)}）`,
    record: (saved) => recordAcceptances(db, { packageId: scope.packageId, documentId, revisionId: saved.revisionId, version: saved.version, actorId: user.id, acceptances }),
  };
}
