// Entry of the intake worker thread (app/features/intake/intake-worker.server.ts starts it): tsx's loader
// runs the TypeScript sources directly, as bin/jiedu.js does for the CLI.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register({ tsconfig: workerData.tsconfig });
await import(workerData.entry);
