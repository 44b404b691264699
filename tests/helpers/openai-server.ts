/**
 * A real HTTP server on loopback that speaks the OpenAI chat-completions protocol, for tests of
 * AI drafting: POST …/chat/completions answers from a script — streamed as server-sent events
 * ("data: {chunk}" … "data: [DONE]") the way vLLM, Ollama and LM Studio do, or cut halfway, an
 * HTTP error, a timeout, garbage. Every request is recorded (headers, body, the task named in the
 * prompt), and the server notices when a client goes away before the answer ended (a cancel).
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { Socket } from "node:net";
import type { LlmConfig } from "~/features/ai-drafting/config";

export type ScriptedReply =
  /** streamed in chunks of `chunk` characters, `delayMs` apart; `reasoning` first, as reasoning_content deltas */
  | { kind: "stream"; text: string; chunk?: number; delayMs?: number; finish?: "stop" | "length"; reasoning?: string }
  /** the answer as one JSON body, ignoring stream: true (some gateways) */
  | { kind: "json"; text: string }
  /** streams `after` characters of `text`, then destroys the connection: no finish_reason, no [DONE] */
  | { kind: "cut"; text: string; after: number }
  | { kind: "status"; status: number; body?: string; retryAfter?: number }
  /** accepts the request and never answers (a connect timeout for the client) */
  | { kind: "hang" }
  /** answers the headers and one chunk, then goes silent (an idle timeout) */
  | { kind: "stall"; text?: string }
  /** a data line that is not JSON */
  | { kind: "garbage" };

export type RecordedRequest = {
  path: string;
  headers: IncomingMessage["headers"];
  body: { model?: string; stream?: boolean; messages?: { role: string; content: string }[]; max_tokens?: number; response_format?: unknown };
  /** the 【任务】 line of the prompt */
  task: string | null;
  /** the client closed the connection before the answer was complete */
  abandoned: boolean;
};

export type Script = (request: RecordedRequest, index: number) => ScriptedReply;

export type ScriptedModelServer = {
  /** http://127.0.0.1:<port>/v1 */
  baseUrl: string;
  requests: RecordedRequest[];
  setScript: (script: Script) => void;
  /** resolves when `n` requests have arrived */
  waitForRequests: (n: number, timeoutMs?: number) => Promise<void>;
  /** resolves when a request's client went away early */
  waitForAbandoned: (timeoutMs?: number) => Promise<RecordedRequest>;
  stop: () => Promise<void>;
};

function chunkLine(content: { content?: string; reasoning_content?: string }, finish: string | null): string {
  const chunk = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 0, model: "scripted", choices: [{ index: 0, delta: content, finish_reason: finish }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function splitText(text: string, size: number): string[] {
  const out: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

/** A script answering by the task named in the prompt; unknown tasks get a 400 naming them. */
export function byTask(replies: Record<string, ScriptedReply | ((r: RecordedRequest) => ScriptedReply)>): Script {
  return (request) => {
    const reply = request.task ? replies[request.task] : undefined;
    if (!reply) return { kind: "status", status: 400, body: JSON.stringify({ error: { message: `no scripted reply for task ${request.task}` } }) };
    return typeof reply === "function" ? reply(request) : reply;
  };
}

/** The answer as a stream of a good model: small chunks, a little apart. */
export const streamed = (answer: unknown, options: { chunk?: number; delayMs?: number } = {}): ScriptedReply => ({
  kind: "stream",
  text: typeof answer === "string" ? answer : JSON.stringify(answer),
  chunk: options.chunk ?? 24,
  delayMs: options.delayMs ?? 2,
});

export async function startScriptedModelServer(initial: Script = () => ({ kind: "status", status: 500 }), port = 0): Promise<ScriptedModelServer> {
  let script = initial;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };

  async function answer(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, reply: ScriptedReply): Promise<void> {
    switch (reply.kind) {
      case "status": {
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        if (reply.retryAfter !== undefined) headers["Retry-After"] = String(reply.retryAfter);
        res.writeHead(reply.status, headers);
        res.end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
        return;
      }
      case "hang":
        return;
      case "json": {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ id: "chatcmpl-test", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: reply.text }, finish_reason: "stop" }] }));
        return;
      }
      case "garbage": {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        res.end("data: <html>502 Bad Gateway</html>\n\n");
        return;
      }
      case "stall": {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        res.write(chunkLine({ content: reply.text ?? "{" }, null));
        return;
      }
      case "cut": {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        for (const piece of splitText(reply.text.slice(0, reply.after), 16)) res.write(chunkLine({ content: piece }, null));
        await pause(20);
        req.socket.destroy();
        return;
      }
      case "stream": {
        res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
        const delay = reply.delayMs ?? 0;
        for (const piece of splitText(reply.reasoning ?? "", reply.chunk ?? 24)) {
          if (record.abandoned) return;
          res.write(chunkLine({ reasoning_content: piece }, null));
          if (delay) await pause(delay);
        }
        for (const piece of splitText(reply.text, reply.chunk ?? 24)) {
          if (record.abandoned) return;
          res.write(chunkLine({ content: piece }, null));
          if (delay) await pause(delay);
        }
        res.write(chunkLine({}, reply.finish ?? "stop"));
        res.end("data: [DONE]\n\n");
        return;
      }
    }
  }

  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (d) => {
      raw += d;
    });
    req.on("end", () => {
      let body: RecordedRequest["body"] = {};
      try {
        body = JSON.parse(raw);
      } catch {
        /* recorded as empty */
      }
      const user = body.messages?.find((m) => m.role === "user")?.content ?? "";
      const record: RecordedRequest = { path: req.url ?? "", headers: req.headers, body, task: /【任务】(\S+)/.exec(user)?.[1] ?? null, abandoned: false };
      res.on("close", () => {
        if (!res.writableFinished) {
          record.abandoned = true;
          notify();
        }
      });
      requests.push(record);
      notify();
      if (req.method !== "POST" || !/\/chat\/completions$/.test(req.url ?? "")) {
        res.writeHead(404, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      answer(req, res, record, script(record, requests.length - 1)).catch(() => req.socket.destroy());
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : 0;

  const waitFor = (ok: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`scripted model server: timed out waiting for ${what}`)), timeoutMs);
      const check = () => {
        if (ok()) {
          clearTimeout(deadline);
          resolve();
        } else waiters.push(check);
      };
      check();
    });

  return {
    baseUrl: `http://127.0.0.1:${bound}/v1`,
    requests,
    setScript: (s) => {
      script = s;
    },
    waitForRequests: (n, timeoutMs = 15_000) => waitFor(() => requests.length >= n, timeoutMs, `${n} requests`),
    waitForAbandoned: async (timeoutMs = 15_000) => {
      await waitFor(() => requests.some((r) => r.abandoned), timeoutMs, "an abandoned request");
      const hit = requests.find((r) => r.abandoned);
      if (!hit) throw new Error("unreachable");
      return hit;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The model configuration for a scripted server (what LLM_* would give), short timeouts for tests. */
export function scriptedLlmConfig(baseUrl: string, overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    baseUrl,
    endpoint: `${baseUrl}/chat/completions`,
    model: "qwen2.5-72b-instruct",
    apiKey: "sk-test",
    connectTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    maxRetries: 2,
    userRequestsPerHour: 1_000,
    maxPromptChars: 16_000,
    responseFormat: "none",
    ...overrides,
  };
}
