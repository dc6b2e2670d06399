// The signature scheme and the retry schedule, as the README documents them.
import { createHmac } from "node:crypto";
import { expect, it } from "vitest";
import { signatureHeader, verifySignature } from "./sign";
import { retryDelay } from "./deliver";

const secret = "0123456789abcdef-secret";
const body = '{"version":1,"type":"test"}';

it("signs HMAC-SHA256 over `t.body` in X-Archgrid-Signature: t=…,v1=…", () => {
  const now = 1_764_590_000_000;
  const header = signatureHeader(secret, body, now);
  const t = Math.floor(now / 1000);
  expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
  expect(verifySignature(secret, header, body, 300, now)).toBe(true);
});

it("refuses a changed body, another secret, a changed timestamp, an old timestamp and junk", () => {
  const now = 1_764_590_000_000;
  const header = signatureHeader(secret, body, now);
  expect(verifySignature(secret, header, body + " ", 300, now)).toBe(false);
  expect(verifySignature("another-secret-0000", header, body, 300, now)).toBe(false);
  expect(verifySignature(secret, header.replace(/t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`), body, 300, now)).toBe(false);
  expect(verifySignature(secret, header, body, 300, now + 301_000)).toBe(false);
  for (const junk of [null, "", "v1=abc", "t=1,v1=zz"]) expect(verifySignature(secret, junk, body, 300, now)).toBe(false);
});

it("backs off ×4 per attempt within ±20 %, honours Retry-After, caps at an hour", () => {
  for (let n = 1; n <= 5; n++) {
    const d = retryDelay(n, null, 10_000);
    expect(d).toBeGreaterThanOrEqual(10_000 * 4 ** (n - 1) * 0.8);
    expect(d).toBeLessThanOrEqual(Math.min(3600_000, 10_000 * 4 ** (n - 1) * 1.2));
  }
  expect(retryDelay(1, 120_000, 10_000)).toBe(120_000);
  expect(retryDelay(20, null, 10_000)).toBe(3600_000);
});
