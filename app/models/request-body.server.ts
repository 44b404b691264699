/**
 * Form bodies read with a byte limit. A declared Content-Length over the limit is refused before
 * a byte is read; a body without one (chunked) is counted while it streams and abandoned as soon
 * as it passes the limit, so an oversized upload never sits in memory whole.
 */

export class BodyTooLargeError extends Error {
  readonly limitBytes: number;
  /** the size the client declared, when it did */
  readonly declaredBytes: number | null;

  constructor(limitBytes: number, declaredBytes: number | null) {
    super(`request body over ${limitBytes} bytes`);
    this.name = "BodyTooLargeError";
    this.limitBytes = limitBytes;
    this.declaredBytes = declaredBytes;
  }
}

/** The body could not be parsed as a form (cut off, or not a form at all). */
export class MalformedBodyError extends Error {
  constructor() {
    super("malformed form body");
    this.name = "MalformedBodyError";
  }
}

export function declaredLength(request: Request): number | null {
  const raw = request.headers.get("Content-Length");
  if (!raw || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

export async function readFormDataWithin(request: Request, limitBytes: number): Promise<FormData> {
  const declared = declaredLength(request);
  if (declared !== null && declared > limitBytes) throw new BodyTooLargeError(limitBytes, declared);
  if (!request.body) {
    try {
      return await request.formData();
    } catch {
      throw new MalformedBodyError();
    }
  }

  let seen = 0;
  let over = false;
  const limiter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limitBytes) {
        over = true;
        controller.error(new BodyTooLargeError(limitBytes, declared));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  const bounded = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(limiter),
    duplex: "half",
  });
  try {
    return await bounded.formData();
  } catch {
    if (over) throw new BodyTooLargeError(limitBytes, declared);
    throw new MalformedBodyError();
  }
}
