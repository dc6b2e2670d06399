// Pure pieces of the retry policy: which answers to retry, how long to wait, rate-limit headers.
import type { RateLimitInfo } from "./types";

export const RETRY_BASE_MS = 200;
export const RETRY_CAP_MS = 10_000;
export const RETRY_AFTER_CAP_SECONDS = 30;

/** Only GET/HEAD are retried, and only on 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Retry-After as seconds from `now`: delta-seconds or an HTTP date, never negative, capped at
 * `cap` seconds; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now(), cap = RETRY_AFTER_CAP_SECONDS): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  let seconds: number;
  if (/^\d+$/.test(v)) seconds = Number(v);
  else if (/^[-+]?[\d.]+$/.test(v)) return undefined;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    seconds = Math.ceil((at - now) / 1000);
  }
  return Math.min(Math.max(0, seconds), cap);
}

/** Jittered exponential backoff for attempt n (0-based): a random value in [d/2, d], d = min(cap, base*2^n). */
export function backoffDelay(attempt: number, baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS, random: () => number = Math.random): number {
  const d = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(d / 2 + (random() * d) / 2);
}

function firstNumber(v: string | null): { n?: number; w?: number } {
  if (!v) return {};
  const [head, ...params] = v.split(";");
  const n = Number(head.trim());
  let w: number | undefined;
  for (const p of params) {
    const m = /^\s*w\s*=\s*(\d+)\s*$/i.exec(p);
    if (m) w = Number(m[1]);
  }
  return { n: Number.isFinite(n) && head.trim() !== "" ? n : undefined, w };
}

/** `RateLimit-Limit: 100;w=21600`, `RateLimit-Remaining: 76;w=21600` (Headers are case-insensitive); null when absent. */
export function parseRateLimit(host: string, headers: { get(name: string): string | null }): RateLimitInfo | null {
  const limit = firstNumber(headers.get("ratelimit-limit"));
  const remaining = firstNumber(headers.get("ratelimit-remaining"));
  if (limit.n === undefined && remaining.n === undefined) return null;
  const info: RateLimitInfo = { host };
  if (limit.n !== undefined) info.limit = limit.n;
  if (remaining.n !== undefined) info.remaining = remaining.n;
  const w = limit.w ?? remaining.w;
  if (w !== undefined) info.windowSeconds = w;
  return info;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A counting semaphore: at most `size` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  constructor(private readonly size: number) {}

  async acquire(): Promise<() => void> {
    const now = this.tryAcquire();
    if (now) return now;
    await new Promise<void>((r) => this.waiters.push(r));
    return this.releaser();
  }

  /** A free slot taken synchronously (no promise on the hot path), or null when all are held. */
  tryAcquire(): (() => void) | null {
    if (this.active >= this.size) return null;
    this.active++;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}
