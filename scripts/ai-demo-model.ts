/**
 * `npx tsx scripts/ai-demo-model.ts [port]`: a scripted OpenAI-compatible model on loopback that
 * answers every AI drafting task for the demo 博山 notice (tests/helpers/ai-script.ts), with one
 * invented figure and one wrong citation — to try AI drafting without a real model:
 *
 *   npx tsx scripts/ai-demo-model.ts 8765
 *   LLM_BASE_URL=http://127.0.0.1:8765/v1 LLM_MODEL=demo npm start
 *
 * It knows only the demo notice; other documents get an HTTP 400 naming the task.
 */
import { boshanScript } from "../tests/helpers/ai-script";
import { startScriptedModelServer } from "../tests/helpers/openai-server";

const port = Number(process.argv[2] ?? 8765);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write("端口应为 0–65535 的整数，例如 npx tsx scripts/ai-demo-model.ts 8765\n");
  process.exit(1);
}
const model = await startScriptedModelServer(boshanScript({ chunk: 6, delayMs: 30 }), port);
process.stdout.write(`[ai-demo-model] 脚本模型已启动 scripted model at ${model.baseUrl}\n  LLM_BASE_URL=${model.baseUrl} LLM_MODEL=demo npm start\n`);
process.on("SIGINT", () => model.stop().then(() => process.exit(0)));
