// retry.ts edges the first suite left open: the retryable range's ends, Retry-After values that
// look like numbers or dates, RateLimit-* parameters, and a semaphore that really gives its slot
// back.
import { describe, expect, it } from "vitest";
import { Semaphore, isRetryableStatus, parseRateLimit, parseRetryAfter, sleep } from "./retry";

describe("isRetryableStatus", () => {
  it("408, 429 and 500-599 only", () => {
    expect([407, 408, 409, 428, 429, 430, 499, 500, 599, 600].map(isRetryableStatus)).toEqual([false, true, false, false, true, false, false, true, true, false]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it("absent, empty or numeric-but-not-whole is unreadable", () => {
    for (const v of [null, undefined, "", "  ", "1.5", "-5", "+5", ".", "10abc", "a10"]) expect(parseRetryAfter(v, now)).toBe(undefined);
  });
  it("reads HTTP dates, including forms that start or end with digits", () => {
    for (const v of ["01 Jan 2026 00:00:07 GMT", "Thu, 01 Jan 2026 00:00:07"]) {
      const want = Math.min(30, Math.max(0, Math.ceil((Date.parse(v) - now) / 1000)));
      expect(Number.isNaN(Date.parse(v))).toBe(false);
      expect(parseRetryAfter(v, now)).toBe(want);
    }
    expect(parseRetryAfter("01 Jan 2026 00:00:07 GMT", now)).toBe(7);
    expect(parseRetryAfter(" 12 ", now)).toBe(12);
  });
});

describe("parseRateLimit", () => {
  const rl = (limit?: string, remaining?: string) => {
    const h = new Headers();
    if (limit !== undefined) h.set("RateLimit-Limit", limit);
    if (remaining !== undefined) h.set("RateLimit-Remaining", remaining);
    return parseRateLimit("h", h);
  };
  it("keeps only the fields it could read (no undefined keys)", () => {
    expect(rl("100;w=21600", "76;w=21600")).toStrictEqual({ host: "h", limit: 100, remaining: 76, windowSeconds: 21600 });
    expect(rl("100")).toStrictEqual({ host: "h", limit: 100 });
    expect(rl(undefined, "5")).toStrictEqual({ host: "h", remaining: 5 });
    expect(rl("abc", "7")).toStrictEqual({ host: "h", remaining: 7 });
  });
  it("no number in front is no rate limit, whatever the parameters", () => {
    for (const v of ["abc", ";w=5", "  ;w=5", ""]) expect(rl(v)).toBe(null);
    expect(rl()).toBe(null);
  });
  it("reads w= with spaces around it, and nothing that only resembles it", () => {
    expect(rl("100; w = 60 ")).toStrictEqual({ host: "h", limit: 100, windowSeconds: 60 });
    expect(rl("100;q=5")).toStrictEqual({ host: "h", limit: 100 });
    expect(rl("100;xw=5")).toStrictEqual({ host: "h", limit: 100 });
    expect(rl("100;w=5x")).toStrictEqual({ host: "h", limit: 100 });
    expect(rl("100", "5;w=9")).toStrictEqual({ host: "h", limit: 100, remaining: 5, windowSeconds: 9 });
  });
});

describe("sleep and Semaphore", () => {
  it("sleep waits about as long as asked", async () => {
    const t0 = performance.now();
    await sleep(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it("a released slot can be taken again at once, over and over", async () => {
    const s = new Semaphore(1);
    for (let i = 0; i < 3; i++) {
      const got = await Promise.race([s.acquire(), sleep(500).then(() => null)]);
      expect(got).not.toBe(null);
      got!();
      got!(); // releasing twice gives back one slot only
    }
    const a = await s.acquire();
    let second = false;
    const b = s.acquire().then((r) => ((second = true), r));
    await sleep(20);
    expect(second).toBe(false);
    a();
    (await b)();
  });
});
