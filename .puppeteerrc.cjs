// Skip puppeteer's own browser download at install time: this machine kind reaches only the npm
// registry and Debian's apt. scripts/ensure-browser.mjs resolves a browser before start/test.
module.exports = { skipDownload: true };
