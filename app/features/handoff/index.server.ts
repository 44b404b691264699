/**
 * The handoff feature as other features see it (website hand-off: bundle, feeds, webhook): only what
 * is exported here may be imported from outside app/features/handoff/ (biome.json, docs/adr/0008).
 */
export { queuePublishWebhook } from "./webhook.server";
