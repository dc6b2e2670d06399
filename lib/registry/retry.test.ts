import { describe, expect, it } from "vitest";
import { Semaphore, backoffDelay, isRetryableStatus, parseRateLimit, parseRetryAfter } from "./retry";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["1", 1],
    ["0", 0],
    [" 12 ", 12],
    ["120", 30],
    ["Thu, 01 Jan 2026 00:00:05 GMT", 5],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
    ["Thu, 01 Jan 2026 01:00:00 GMT", 30],
    ["soon", undefined],
    ["-5", undefined],
    ["", undefined],
    [null, undefined],
  ])("%j -> %s", (v, want) => expect(parseRetryAfter(v, now)).toBe(want));

  it("cap can be lifted to report the registry's own value", () => expect(parseRetryAfter("21600", now, Infinity)).toBe(21600));
});

describe("backoff", () => {
  it.each([
    [0, 0, 100],
    [0, 1, 200],
    [3, 0, 800],
    [3, 1, 1600],
    [10, 1, 10_000],
    [30, 0.5, 7500],
  ])("attempt %i, random %f -> %i ms", (attempt, r, ms) => expect(backoffDelay(attempt, 200, 10_000, () => r)).toBe(ms));

  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [599, true],
    [400, false],
    [401, false],
    [404, false],
  ])("status %i retryable = %s", (s, want) => expect(isRetryableStatus(s)).toBe(want));
});

describe("parseRateLimit", () => {
  it.each([
    [{ "RateLimit-Limit": "100;w=21600", "RateLimit-Remaining": "76;w=21600" }, { host: "h", limit: 100, remaining: 76, windowSeconds: 21600 }],
    [{ "ratelimit-limit": "200", "ratelimit-remaining": "0" }, { host: "h", limit: 200, remaining: 0 }],
    [{ "RATELIMIT-REMAINING": "5; w=60" }, { host: "h", remaining: 5, windowSeconds: 60 }],
    [{ "x-other": "1" }, null],
  ])("%j", (headers, want) => expect(parseRateLimit("h", new Headers(headers))).toEqual(want));
});

describe("Semaphore", () => {
  it("admits at most n holders, FIFO", async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const p3 = s.acquire().then((r) => (order.push(3), r));
    const p4 = s.acquire().then((r) => (order.push(4), r));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]);
    r1();
    r1(); // double release is harmless
    const r3 = await p3;
    expect(order).toEqual([3]);
    r2();
    const r4 = await p4;
    expect(order).toEqual([3, 4]);
    r3();
    r4();
  });
});
