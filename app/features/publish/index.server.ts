/**
 * The publish feature as other features see it (the public site): only what is exported here may
 * be imported from outside app/features/publish/ (enforced by biome.json, see docs/adr/0008).
 */
export { publicExportZip } from "./image-pack.server";
export { getPublicInterpretation } from "./interpretations.server";
export { publishedOnly } from "./visibility.server";
export { chartSvg } from "./charts.server";
export { getPublicDocument, publishedParts } from "./document.server";
export { siteInfo } from "./http.server";
export { publicExportFile } from "./image-pack.server";
export { interpretationPublic, publicListVersion } from "./visibility.server";
