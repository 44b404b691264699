/**
 * The workflow feature as other features see it (submit, four gates, sign-off, publish): only
 * what is exported here may be imported from outside app/features/workflow/ (enforced by
 * biome.json, see docs/adr/0008).
 */
export { inboxFor } from "./inbox.server";
