// Signatures: HMAC-SHA256 over `${timestamp}.${body}` with the webhook's secret, sent as
// `X-Archgrid-Signature: t=<unix seconds>,v1=<hex>` (the Stripe scheme: the timestamp inside the
// signed text lets a receiver refuse replays older than a few minutes).
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Archgrid-Signature";

export function signature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeader(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signature(secret, t, body)}`;
}

/** What a receiver does (the README shows the same in a few lines): true when `header` signs `body` and is at most `toleranceSeconds` old. */
export function verifySignature(secret: string, header: string | null | undefined, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, t, body), "hex");
  const got = Buffer.from(parts.v1, "hex");
  return got.length === expected.length && timingSafeEqual(got, expected);
}
