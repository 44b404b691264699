/**
 * Form bodies read with a byte limit. A declared Content-Length over the limit is refused before
 * a byte is kept; a body without one (chunked) is counted while it streams and refused as soon
 * as it passes the limit, so an oversized upload never sits in memory whole. Either way the rest
 * of the body is read and dropped (bounded), so the client receives the 413 and its Chinese
 * message instead of a reset connection.
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

/** How much of a refused body is still read (and dropped) so the client gets the 413 and its message. */
const DRAIN_BYTES = 512 * 1024 * 1024;
const DRAIN_MS = 60_000;

/**
 * Reads and drops the rest of a body the server has refused. Closing the connection with the
 * client still sending makes its TCP stack reset it, and the browser shows a network error
 * instead of the 413 page; draining lets the upload finish and the refusal arrive. Bounded: past
 * DRAIN_BYTES or DRAIN_MS the body is cancelled after all.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const started = Date.now();
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
      if (dropped > DRAIN_BYTES || Date.now() - started > DRAIN_MS) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // the client went away
  }
}

export async function readFormDataWithin(request: Request, limitBytes: number): Promise<FormData> {
  const declared = declaredLength(request);
  // Declared too large: refused without reading; the HTTP server discards a body nobody reads.
  if (declared !== null && declared > limitBytes) throw new BodyTooLargeError(limitBytes, declared);
  if (!request.body) {
    try {
      return await request.formData();
    } catch {
      throw new MalformedBodyError();
    }
  }

  const source = request.body.getReader();
  let seen = 0;
  let over = false;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    void drain(source);
  };
  const bounded = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await source.read();
      if (done) {
        controller.close();
        return;
      }
      seen += value.byteLength;
      if (seen > limitBytes) {
        over = true;
        controller.error(new BodyTooLargeError(limitBytes, declared));
        release();
        return;
      }
      controller.enqueue(value);
    },
    // the form parser gave up (a malformed body): drop the rest rather than cut the connection
    cancel: release,
  });
  const limited = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: bounded,
    duplex: "half",
  });
  try {
    return await limited.formData();
  } catch {
    if (over) throw new BodyTooLargeError(limitBytes, declared);
    release();
    throw new MalformedBodyError();
  }
}
