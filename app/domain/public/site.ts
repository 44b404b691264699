/**
 * Which public site a public read is for. Today there is one site and every published document
 * belongs to it; issue 14 (several sites) fills this in. Public reads that will become per-site
 * (the 问答库, the feeds) already take a SiteKey, so that change is local.
 */
export type SiteKey = { id: "default" };
export const DEFAULT_SITE: SiteKey = { id: "default" };
