// body.ts on real WHATWG Response streams (what fetch-style transports hand it): the cap is exact
// (max bytes pass, max+1 do not), a declared Content-Length over the cap is refused before
// reading, and a stream is cancelled, not drained, when it runs over.
import { describe, expect, it } from "vitest";
import { BodyTooLarge, discard, readCapped, readTruncated } from "./body";

/** A Response whose body yields `chunks`, recording whether the reader cancelled it. */
function streamed(chunks: string[], headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled < chunks.length) c.enqueue(new TextEncoder().encode(chunks[state.pulled++]));
      else c.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { res: new Response(body, { headers }), state };
}

async function tooLarge(p: Promise<unknown>): Promise<BodyTooLarge> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(BodyTooLarge);
  return e as BodyTooLarge;
}

describe("readCapped", () => {
  it("reads a body of exactly max bytes, over several chunks", async () => {
    const { res, state } = streamed(["abc", "de"]);
    expect((await readCapped(res, 5)).toString()).toBe("abcde");
    expect(state.cancelled).toBe(false);
  });

  it("stops at max+1 bytes and cancels the stream without reading the rest", async () => {
    const { res, state } = streamed(["abc", "def", "ghi"]);
    const e = await tooLarge(readCapped(res, 5));
    expect([e.limit, e.declared, e.message]).toEqual([5, undefined, "body larger than 5 bytes"]);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(3);
  });

  it("refuses a declared Content-Length over the cap before reading anything", async () => {
    const { res, state } = streamed(["ab"], { "content-length": "6" });
    const e = await tooLarge(readCapped(res, 5));
    expect([e.limit, e.declared]).toEqual([5, 6]);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(1);
    // A declared length equal to the cap is fine.
    expect((await readCapped(streamed(["abcde"], { "content-length": "5" }).res, 5)).toString()).toBe("abcde");
  });

  it("refuses a body-less response that declares too much, without failing on the missing body", async () => {
    const e = await tooLarge(readCapped(new Response(null, { headers: { "content-length": "9" } }), 5));
    expect(e.declared).toBe(9);
  });

  it("answers an empty buffer for a body-less response", async () => {
    expect((await readCapped(new Response(null), 5)).length).toBe(0);
  });
});

describe("readTruncated", () => {
  it("keeps the first max bytes, cutting inside a chunk, and cancels the stream", async () => {
    const { res, state } = streamed(["abc", "def", "ghi"]);
    expect(await readTruncated(res, 5)).toBe("abcde");
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(2);
  });

  it("reads a body that ends before max whole, without cancelling", async () => {
    const { res, state } = streamed(["ab", "cd"]);
    expect(await readTruncated(res, 10)).toBe("abcd");
    expect(state.cancelled).toBe(false);
  });

  it("stops as soon as max bytes are in, even on a chunk boundary", async () => {
    const { res, state } = streamed(["abc", "de", "fgh"]);
    expect(await readTruncated(res, 5)).toBe("abcde");
    expect(state.pulled).toBe(2);
    expect(state.cancelled).toBe(true);
  });

  it("keeps what arrived before the stream broke; nothing for no body", async () => {
    let n = 0;
    const broken = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 0) c.enqueue(new TextEncoder().encode("partial"));
        else c.error(new Error("reset"));
      },
    });
    expect(await readTruncated(new Response(broken), 100)).toBe("partial");
    expect(await readTruncated(new Response(null), 100)).toBe("");
  });
});

describe("discard", () => {
  it("cancels the body so the connection can be reused", async () => {
    const { res, state } = streamed(["abc"]);
    await discard(res);
    expect(state.cancelled).toBe(true);
    await discard(new Response(null));
  });
});
