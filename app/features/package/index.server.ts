/**
 * The package feature as other features see it (the interpretation package): only what is exported here may
 * be imported from outside app/features/package/ (enforced by biome.json, see docs/adr/0008).
 */
export { loadPackageContent } from "./content.server";
export { starterSlots, templateChoices } from "./graphic-preview.server";
export { documentAnalysis, requirePackageEditor } from "./package.server";
