/**
 * What the package editor needs about AI drafting: whether a model is configured (no model → no
 * AI button anywhere), which model and endpoint (the 保密 note beside the buttons), the
 * undecided suggestions of earlier runs (a reload keeps them), and the fields already taken over.
 */
import type { Db } from "~/db/client.server";
import { getConfig } from "~/config.server";
import { describeLlm } from "./config";
import { type ClientSuggestion, toClient } from "./drafting.server";
import { acceptedFields, listProposed } from "./store.server";

export type AiEditorData =
  | { enabled: false; acceptedCount: number }
  | { enabled: true; model: string; host: string; suggestions: ClientSuggestion[]; acceptedCount: number };

export async function aiEditorData(db: Db, packageId: number): Promise<AiEditorData> {
  const llm = describeLlm(getConfig().llm);
  const acceptedCount = (await acceptedFields(db, packageId)).length;
  if (!llm.enabled) return { enabled: false, acceptedCount };
  const suggestions = (await listProposed(db, packageId)).map(toClient);
  return { enabled: true, model: llm.model, host: llm.host, suggestions, acceptedCount };
}
