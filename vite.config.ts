import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      // All Remix v3 future flags on, so the move to React Router v7 is a codemod.
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  server: { port: 3000 },
  ssr: {
    // Native or heavy server-only modules stay external to the server bundle.
    external: ["better-sqlite3", "sharp", "puppeteer", "puppeteer-core", "pdfjs-dist", "mammoth", "exceljs"],
  },
});
