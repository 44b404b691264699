#!/usr/bin/env node
// The `jiedu` command. The CLI is written in TypeScript under app/cli; tsx's loader runs it
// directly so the CLI, the server and the tests share one source of truth.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
const { main } = await import("../app/cli/index.ts");
process.exitCode = await main(process.argv.slice(2));
