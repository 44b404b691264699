/**
 * Per-user limits on the model, in memory (one server process): at most
 * LLM_USER_REQUESTS_PER_HOUR requests in any hour, and one drafting run at a time. A full first
 * draft is about a dozen requests. Refusals say when to try again.
 */

const HOUR_MS = 3_600_000;

export class ModelRateLimiter {
  private readonly sent = new Map<number, number[]>();
  private readonly running = new Set<number>();

  constructor(private readonly perHour: () => number) {}

  /** Reserves one request for `userId`; otherwise the wait in ms until the oldest one leaves the window. */
  take(userId: number, now = Date.now()): { ok: true } | { ok: false; retryInMs: number } {
    const recent = (this.sent.get(userId) ?? []).filter((t) => now - t < HOUR_MS);
    if (recent.length >= this.perHour()) {
      this.sent.set(userId, recent);
      return { ok: false, retryInMs: HOUR_MS - (now - recent[0]) };
    }
    recent.push(now);
    this.sent.set(userId, recent);
    return { ok: true };
  }

  /** Starts a run; false when the user already has one going. */
  begin(userId: number): boolean {
    if (this.running.has(userId)) return false;
    this.running.add(userId);
    return true;
  }

  end(userId: number): void {
    this.running.delete(userId);
  }
}

export function rateLimitMessage(perHour: number, retryInMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryInMs / 60_000));
  return `您在一小时内请求模型的次数已达上限（${perHour} 次），请于 ${minutes} 分钟后再试。如需提高上限，请管理员调整 LLM_USER_REQUESTS_PER_HOUR。`;
}
