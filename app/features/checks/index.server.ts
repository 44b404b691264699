/**
 * The checks feature as other features see it (审校): only what is exported here may
 * be imported from outside app/features/checks/ (enforced by biome.json, see docs/adr/0008).
 */
export { type CheckedFinding, type PackageCheck, checkStoredPackage, documentAnalysis, recordCaughtErrors, recordErrorsAfterSave } from "./package-checks.server";
export { wordRulesInForce } from "./word-rules.server";
