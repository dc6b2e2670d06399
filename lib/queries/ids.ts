// Ids for rows inserted with raw SQL on the scan's hot path (Prisma's cuid() default only applies
// to model writes). Time-prefixed, so newer rows sort after older ones like cuids do.
// The 8 random bytes come from a pooled buffer refilled 4 KiB at a time: a scan inserts a few rows
// per tag, and a randomBytes() call per row (a Buffer and a trip into OpenSSL each) was visible in
// its profile (bench/FINDINGS.md). Same format as before: "r" + 9 base-36 time digits + 16 hex digits.
import { randomFillSync } from "node:crypto";

const POOL = Buffer.allocUnsafe(4096);
let offset = POOL.length;

export function newId(): string {
  if (offset + 8 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString("hex", offset, offset + 8);
  offset += 8;
  return `r${Date.now().toString(36).padStart(9, "0")}${hex}`;
}
