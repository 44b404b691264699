import { type InterpretationForm } from "~/domain/vocabulary";

/** Where each interpretation form sits on the interpretation page (/jiedu/<id>#…). */
export const FORM_ANCHORS: Record<InterpretationForm, string> = {
  text: "wenzi",
  qa: "wenda",
  chart: "tubiao",
  graphic: "tujie",
  case: "anli",
  video: "shipin",
  press: "fabuhui",
  head: "fuzeren",
};
