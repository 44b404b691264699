/**
 * The export feature as other features see it (the new-media export): only what is exported here may
 * be imported from outside app/features/export/ (enforced by biome.json, see docs/adr/0008).
 */
export { startPublishExport } from "./queue.server";
export type { ExportVideoView } from "./page.server";
