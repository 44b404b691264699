/**
 * The lifecycle feature as other features see it (due dates and 待办, 要素 check, follow-up
 * interpretations, validity): only what is exported here may be imported from outside
 * app/features/lifecycle/ (enforced by biome.json, see docs/adr/0008).
 */
export { elementsOptionsFor } from "./elements.server";
export { followUpStamp } from "./follow-ups.server";
export { validityStamp } from "./validity.server";
