// Bounded body reads: stream and stop past the cap, so no registry can make us buffer more.

/** Thrown by readCapped when the body is larger than allowed; callers turn it into their own error. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly declared?: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/** Reads at most `max` bytes; throws BodyTooLarge when Content-Length or the stream says more. */
export async function readCapped(res: Response, max: number): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(max, declared);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads at most `max` bytes and silently drops the rest (for error bodies, which are only diagnostics). */
export async function readTruncated(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = max - total;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      total += Math.min(room, value.byteLength);
      if (total >= max) {
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
  } catch {
    // A broken error body must not hide the status it came with.
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Drops a body we do not need, so the connection can be reused. */
export async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}
