/**
 * A refusal a loader or action throws as an HTTP response (Remix renders the route's
 * ErrorBoundary with it). `invariantResponse(condition, message, init)` says what must hold and
 * narrows the types after it, instead of hand-written `if (…) throw new Response(…)`.
 */
export function invariantResponse(condition: unknown, message: string | null, init: ResponseInit = { status: 400 }): asserts condition {
  if (!condition) throw new Response(message, init);
}
