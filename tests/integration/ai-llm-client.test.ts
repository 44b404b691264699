/**
 * The model client against a real OpenAI-compatible server on loopback (no mocked fetch):
 * streaming, timeouts, retries with backoff only where a retry can help, clear Chinese errors,
 * cancelling closes the upstream request, and nothing is followed elsewhere.
 */
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmConfig } from "~/features/ai-drafting/config";
import { LlmError, backoffMs, streamCompletion } from "~/features/ai-drafting/llm-client.server";
import { type ScriptedModelServer, scriptedLlmConfig, startScriptedModelServer, streamed } from "../helpers/openai-server";
import { freePort } from "../helpers/server";

let model: ScriptedModelServer;

beforeAll(async () => {
  model = await startScriptedModelServer();
});
afterAll(() => model.stop());

function config(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return scriptedLlmConfig(model.baseUrl, { model: "qwen2.5-72b-instruct", apiKey: "sk-test-123", ...overrides });
}

const messages = [
  { role: "system" as const, content: "只输出 JSON" },
  { role: "user" as const, content: "【任务】qa\n……" },
];

async function failure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error("expected the completion to fail");
}

describe("the model client", () => {
  it("streams an answer chunk by chunk and sends the OpenAI request with the key", async () => {
    model.requests.length = 0;
    const answer = JSON.stringify({ items: [{ question: "什么时候完成？", answer: "2020年年底前。", clauses: [["附件1", "二、"]] }] });
    model.setScript(() => ({ ...streamed(answer, { chunk: 7, delayMs: 1 }), reasoning: "先看条款……" }));
    const deltas: string[] = [];
    let activity = 0;
    const result = await streamCompletion(config(), { messages, maxTokens: 500, onDelta: (d) => deltas.push(d), onActivity: () => activity++ });
    expect(result.text).toBe(answer);
    expect(result.finishReason).toBe("stop");
    expect(deltas.length).toBeGreaterThan(5);
    expect(activity).toBeGreaterThan(deltas.length); // reasoning chunks count as life, not as text
    const sent = model.requests[0];
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer sk-test-123");
    expect(sent.body).toMatchObject({ model: "qwen2.5-72b-instruct", stream: true, max_tokens: 500 });
    expect(sent.body.response_format).toBeUndefined();
    expect(sent.task).toBe("qa");
  });

  it("asks for a JSON object when LLM_RESPONSE_FORMAT=json_object, and reads a gateway's non-streamed JSON", async () => {
    model.requests.length = 0;
    model.setScript(() => ({ kind: "json", text: '{"items":[]}' }));
    const result = await streamCompletion(config({ responseFormat: "json_object", apiKey: null }), { messages, maxTokens: 100 });
    expect(result.text).toBe('{"items":[]}');
    expect(model.requests[0].body.response_format).toEqual({ type: "json_object" });
    expect(model.requests[0].headers.authorization).toBeUndefined();
  });

  it("retries a 500 with backoff and succeeds when the server recovers", async () => {
    model.requests.length = 0;
    model.setScript((_r, i) => (i < 2 ? { kind: "status", status: 503 } : streamed("{}")));
    const result = await streamCompletion(config(), { messages, maxTokens: 100 });
    expect(result.text).toBe("{}");
    expect(result.attempts).toBe(3);
    expect(model.requests).toHaveLength(3);
  });

  it("gives up on a 500 after the retries with a Chinese message", async () => {
    model.requests.length = 0;
    model.setScript(() => ({ kind: "status", status: 500, body: JSON.stringify({ error: { message: "CUDA out of memory" } }) }));
    const error = await failure(streamCompletion(config({ maxRetries: 1 }), { messages, maxTokens: 100 }));
    expect(error.code).toBe("server");
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toContain("CUDA out of memory");
    expect(model.requests).toHaveLength(2);
  });

  it("retries 429 (honouring Retry-After) but never a 4xx request error", async () => {
    model.requests.length = 0;
    model.setScript((_r, i) => (i === 0 ? { kind: "status", status: 429, retryAfter: 0 } : streamed("{}")));
    expect((await streamCompletion(config(), { messages, maxTokens: 100 })).attempts).toBe(2);

    model.requests.length = 0;
    model.setScript(() => ({ kind: "status", status: 400, body: JSON.stringify({ error: { message: "model 'x' does not exist" } }) }));
    const bad = await failure(streamCompletion(config(), { messages, maxTokens: 100 }));
    expect(bad.code).toBe("bad_request");
    expect(bad.message).toContain("does not exist");
    expect(model.requests).toHaveLength(1);

    model.requests.length = 0;
    model.setScript(() => ({ kind: "status", status: 401 }));
    const auth = await failure(streamCompletion(config(), { messages, maxTokens: 100 }));
    expect(auth.code).toBe("auth");
    expect(auth.message).toContain("LLM_API_KEY");
    expect(model.requests).toHaveLength(1);
  });

  it("reports a stream cut halfway, without retrying and without using the partial text", async () => {
    model.requests.length = 0;
    model.setScript(() => ({ kind: "cut", text: '{"paragraphs":[{"text":"今年是收官之年","clauses":[]}]}', after: 20 }));
    const deltas: string[] = [];
    const error = await failure(streamCompletion(config(), { messages, maxTokens: 100, onDelta: (d) => deltas.push(d) }));
    expect(error.code).toBe("cut");
    expect(error.message).toContain("中途断开");
    expect(deltas.join("").length).toBeGreaterThan(0);
    expect(model.requests).toHaveLength(1);
  });

  it("times out a server that never answers (retried) and one that goes silent mid-answer (not retried)", async () => {
    model.requests.length = 0;
    model.setScript(() => ({ kind: "hang" }));
    const connect = await failure(streamCompletion(config({ connectTimeoutMs: 300, maxRetries: 1 }), { messages, maxTokens: 100 }));
    expect(connect.code).toBe("timeout");
    expect(connect.message).toContain("没有响应");
    expect(model.requests).toHaveLength(2);

    model.requests.length = 0;
    model.setScript(() => ({ kind: "stall" }));
    const idle = await failure(streamCompletion(config({ idleTimeoutMs: 300 }), { messages, maxTokens: 100 }));
    expect(idle.code).toBe("timeout");
    expect(idle.message).toContain("没有继续输出");
    expect(model.requests).toHaveLength(1);
  });

  it("calls garbage garbage, and a truncated answer truncated", async () => {
    model.setScript(() => ({ kind: "garbage" }));
    const garbage = await failure(streamCompletion(config(), { messages, maxTokens: 100 }));
    expect(garbage.code).toBe("garbage");
    expect(garbage.message).toContain("无法识别");

    model.setScript(() => ({ kind: "stream", text: '{"items":[', finish: "length" }));
    const length = await failure(streamCompletion(config(), { messages, maxTokens: 100 }));
    expect(length.code).toBe("length");
  });

  it("says the model is unreachable when nothing listens, after retrying", async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}/v1/chat/completions`;
    const error = await failure(streamCompletion(config({ endpoint, maxRetries: 1 }), { messages, maxTokens: 100 }));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it("cancelling aborts the upstream request: the model server sees its client go away", async () => {
    model.requests.length = 0;
    model.setScript(() => streamed("x".repeat(4000), { chunk: 10, delayMs: 20 }));
    const controller = new AbortController();
    const pending = streamCompletion(config(), { messages, maxTokens: 100, signal: controller.signal, onDelta: () => controller.abort() });
    const error = await failure(pending);
    expect(error.code).toBe("aborted");
    const abandoned = await model.waitForAbandoned();
    expect(abandoned.task).toBe("qa");
  });

  it("never follows a redirect: the document text goes to the configured endpoint only", async () => {
    let elsewhere = 0;
    const other = createServer((_req, res) => {
      elsewhere++;
      res.end("{}");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const address = other.address();
    const otherPort = typeof address === "object" && address ? address.port : 0;
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { Location: `http://127.0.0.1:${otherPort}/v1/chat/completions` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
    const raddress = redirector.address();
    const rport = typeof raddress === "object" && raddress ? raddress.port : 0;
    try {
      const error = await failure(streamCompletion(config({ endpoint: `http://127.0.0.1:${rport}/v1/chat/completions` }), { messages, maxTokens: 100 }));
      expect(error.message).toContain("没有跟随");
      expect(elsewhere).toBe(0);
    } finally {
      other.close();
      redirector.close();
    }
  });

  it("backs off exponentially with jitter, capped, and takes Retry-After when given", () => {
    expect(backoffMs(0, null, () => 0)).toBe(250);
    expect(backoffMs(2, null, () => 1)).toBe(2000);
    expect(backoffMs(10, null, () => 1)).toBe(8000);
    expect(backoffMs(0, "3", () => 0)).toBe(3000);
  });
});
