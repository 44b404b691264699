/**
 * The one client of the on-premise model: POST <LLM_BASE_URL>/chat/completions with
 * `stream: true`, reading the server-sent events ("data: {json}" lines, "data: [DONE]").
 *
 *   attempt → connect (timeout until the response headers) → status?
 *     2xx    stream: each chunk resets the idle timer; content deltas go to `onDelta`
 *     429/5xx, connection refused/reset, connect timeout → wait (exponential backoff with jitter,
 *            Retry-After when given) and try again, at most `maxRetries` times — only before
 *            anything was read, so a retry never repeats text
 *     other 4xx → no retry: the request itself is wrong (model name, key, prompt too long)
 *   the stream ends without [DONE] or a finish_reason → "cut" (the model server went away)
 *
 * Every failure is an LlmError with a Chinese message that says what to do. Nothing is sent
 * anywhere but the configured endpoint: redirects are refused, not followed.
 */
import type { ChatMessage } from "~/domain/ai-drafting/prompt";
import type { LlmConfig } from "./config";

export type LlmErrorCode = "unreachable" | "timeout" | "rate_limited" | "server" | "bad_request" | "auth" | "cut" | "length" | "garbage" | "aborted";

export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "LlmError";
  }
}

export type CompletionRequest = {
  messages: ChatMessage[];
  maxTokens: number;
  /** aborts the upstream request (the officer pressed 取消, or the browser went away) */
  signal?: AbortSignal;
  /** every piece of answer text as it arrives */
  onDelta?: (text: string) => void;
  /** every chunk, content or not (reasoning models stream their thinking first) */
  onActivity?: () => void;
};

export type Completion = { text: string; finishReason: string | null; attempts: number; ms: number };

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const MAX_ERROR_BODY = 2_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError("aborted", "已取消。"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LlmError("aborted", "已取消。"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function backoffMs(attempt: number, retryAfter: string | null, random = Math.random): number {
  const header = retryAfter ? Number(retryAfter) : Number.NaN;
  if (Number.isFinite(header) && header >= 0) return Math.min(header * 1000, BACKOFF_MAX_MS * 4);
  const exp = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return Math.round(exp / 2 + random() * (exp / 2));
}

function host(config: LlmConfig): string {
  return new URL(config.endpoint).host;
}

/** A short, single-line hint from an error body (the server's own words), never more than 160 characters. */
function hintOf(body: string): string {
  let text = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "error" in parsed) {
      const e = parsed.error;
      text = typeof e === "string" ? e : typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ? e.message : body;
    }
  } catch {
    /* plain text */
  }
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

async function readLimited(res: Response): Promise<string> {
  try {
    const text = await res.text();
    return text.slice(0, MAX_ERROR_BODY);
  } catch {
    return "";
  }
}

function statusError(config: LlmConfig, status: number, body: string): LlmError {
  const hint = hintOf(body);
  const said = hint ? `（模型服务返回：${hint}）` : "";
  if (status === 401 || status === 403) return new LlmError("auth", `模型服务拒绝了访问（HTTP ${status}）${said}。请检查 LLM_API_KEY 是否正确。`, status);
  if (status === 429) return new LlmError("rate_limited", `模型服务繁忙，多次重试后仍被限流（HTTP 429）${said}。请稍后再试。`, status);
  if (status >= 500) return new LlmError("server", `模型服务出错（HTTP ${status}）${said}，重试后仍未恢复。请稍后再试，或请管理员检查 ${host(config)} 上的模型服务。`, status);
  if (status === 404) return new LlmError("bad_request", `模型服务找不到请求的地址或模型（HTTP 404）${said}。请检查 LLM_BASE_URL 和 LLM_MODEL（当前模型：${config.model}）。`, status);
  if (status >= 300 && status < 400) return new LlmError("bad_request", `模型服务要求跳转到其他地址（HTTP ${status}），为保密起见没有跟随。请把 LLM_BASE_URL 改为最终的地址。`, status);
  return new LlmError("bad_request", `模型服务不接受这个请求（HTTP ${status}）${said}。请检查 LLM_MODEL、LLM_RESPONSE_FORMAT 等设置；内容过长时可调小 LLM_MAX_PROMPT_CHARS。`, status);
}

const RETRYABLE = new Set<LlmErrorCode>(["unreachable", "timeout", "rate_limited", "server"]);

function requestBody(config: LlmConfig, req: CompletionRequest): string {
  return JSON.stringify({
    model: config.model,
    messages: req.messages,
    stream: true,
    temperature: 0.2,
    max_tokens: req.maxTokens,
    ...(config.responseFormat === "json_object" ? { response_format: { type: "json_object" } } : {}),
  });
}

/** Reads the SSE body; resolves with the whole answer or rejects with an LlmError. */
async function readStream(config: LlmConfig, res: Response, req: CompletionRequest, arm: (ms: number) => void): Promise<{ text: string; finishReason: string | null }> {
  const body = res.body;
  if (!body) throw new LlmError("garbage", "模型服务返回了空的回答。请重试。");
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let text = "";
  let finishReason: string | null = null;
  let done = false;
  const handleLine = (line: string) => {
    if (!line.startsWith("data:")) return; // comments (": ping"), event names, ids
    const data = line.slice(5).trim();
    if (!data) return;
    if (data === "[DONE]") {
      done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new LlmError("garbage", `模型服务返回了无法识别的数据（“${data.slice(0, 40)}”），不是 OpenAI 兼容的流式格式。请检查 LLM_BASE_URL 是否指向 /v1 接口。`);
    }
    const choice = typeof chunk === "object" && chunk !== null && "choices" in chunk && Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (typeof chunk === "object" && chunk !== null && "error" in chunk) {
      throw new LlmError("server", `模型服务在生成中出错（${hintOf(JSON.stringify(chunk))}）。请重试。`);
    }
    if (typeof choice !== "object" || choice === null) return;
    const delta = "delta" in choice && typeof choice.delta === "object" && choice.delta !== null ? choice.delta : null;
    const content = delta && "content" in delta && typeof delta.content === "string" ? delta.content : "";
    if (content) {
      text += content;
      req.onDelta?.(content);
    }
    if ("finish_reason" in choice && typeof choice.finish_reason === "string") finishReason = choice.finish_reason;
  };
  try {
    for (;;) {
      arm(config.idleTimeoutMs);
      const { value, done: ended } = await reader.read();
      if (ended) break;
      req.onActivity?.();
      buffer += value;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        handleLine(buffer.slice(0, nl).replace(/\r$/, ""));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
      }
      if (done) break;
    }
    if (buffer.trim()) handleLine(buffer.trim());
  } finally {
    reader.cancel().catch(() => {});
  }
  if (!done && finishReason === null) throw new LlmError("cut", `模型的回答在中途断开（已收到 ${text.length} 个字），没有使用这部分内容。请重试。`);
  if (finishReason === "length") throw new LlmError("length", "模型的回答超过了长度上限被截断，没有使用这部分内容。请重试；多次出现时请管理员调大模型服务的输出长度。");
  return { text, finishReason };
}

/** A non-streaming answer (a gateway that ignores `stream: true` and sends JSON). */
async function readJson(res: Response): Promise<{ text: string; finishReason: string | null }> {
  const raw = await res.text();
  try {
    const parsed: unknown = JSON.parse(raw);
    const choice = typeof parsed === "object" && parsed !== null && "choices" in parsed && Array.isArray(parsed.choices) ? parsed.choices[0] : undefined;
    const message = typeof choice === "object" && choice !== null && "message" in choice ? choice.message : undefined;
    const content = typeof message === "object" && message !== null && "content" in message && typeof message.content === "string" ? message.content : null;
    if (content === null) throw new Error("no content");
    const finish = typeof choice === "object" && choice !== null && "finish_reason" in choice && typeof choice.finish_reason === "string" ? choice.finish_reason : null;
    if (finish === "length") throw new LlmError("length", "模型的回答超过了长度上限被截断，没有使用这部分内容。请重试。");
    return { text: content, finishReason: finish };
  } catch (error) {
    if (error instanceof LlmError) throw error;
    throw new LlmError("garbage", "模型服务返回的内容不是 OpenAI 兼容的格式，无法读取。请检查 LLM_BASE_URL 是否指向 /v1 接口。");
  }
}

/** One completion, streamed, with the timeouts and retries described at the top. */
export async function streamCompletion(config: LlmConfig, req: CompletionRequest): Promise<Completion> {
  const started = Date.now();
  const body = requestBody(config, req);
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "text/event-stream" };
  if (config.apiKey) headers.Authorization = `Bearer ${config.apiKey}`;
  let attempt = 0;
  for (;;) {
    if (req.signal?.aborted) throw new LlmError("aborted", "已取消。");
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const state: { timedOut: "connect" | "idle" | null } = { timedOut: null };
    const arm = (ms: number, phase: "connect" | "idle") => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.timedOut = phase;
        controller.abort();
      }, ms);
    };
    const onAbort = () => controller.abort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    let retryAfter: string | null = null;
    let failure: LlmError;
    let streaming = false;
    try {
      arm(config.connectTimeoutMs, "connect");
      const res = await fetch(config.endpoint, { method: "POST", headers, body, signal: controller.signal, redirect: "manual" });
      if (res.status >= 200 && res.status < 300) {
        streaming = true;
        arm(config.idleTimeoutMs, "idle");
        const type = res.headers.get("Content-Type") ?? "";
        const result = type.includes("application/json") ? await readJson(res) : await readStream(config, res, req, (ms) => arm(ms, "idle"));
        return { ...result, attempts: attempt + 1, ms: Date.now() - started };
      }
      retryAfter = res.headers.get("Retry-After");
      failure = statusError(config, res.status, await readLimited(res));
    } catch (error) {
      if (req.signal?.aborted) throw new LlmError("aborted", "已取消。");
      if (error instanceof LlmError) failure = error;
      else if (state.timedOut === "connect")
        failure = new LlmError("timeout", `模型服务在 ${Math.round(config.connectTimeoutMs / 1000)} 秒内没有响应（${host(config)}）。请稍后再试，或请管理员检查模型服务是否过载。`);
      else if (state.timedOut === "idle")
        failure = new LlmError("timeout", `模型服务超过 ${Math.round(config.idleTimeoutMs / 1000)} 秒没有继续输出，已停止等待，没有使用这部分内容。请稍后再试。`);
      else if (streaming) failure = new LlmError("cut", "模型的回答在中途断开，没有使用这部分内容。请重试。");
      else failure = new LlmError("unreachable", `无法连接模型服务 ${host(config)}。请确认模型服务已启动、地址 LLM_BASE_URL 正确，且本服务器能访问它。`);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
    }
    // an answer that had started is never retried: the officer would see text twice
    if (!streaming && RETRYABLE.has(failure.code) && attempt < config.maxRetries) {
      await sleep(backoffMs(attempt, retryAfter), req.signal);
      attempt++;
      continue;
    }
    throw failure;
  }
}
