// Ids for rows inserted with raw SQL on the scan's hot path (Prisma's cuid() default only applies
// to model writes). Time-prefixed, so newer rows sort after older ones like cuids do.
import { randomBytes } from "node:crypto";

export function newId(): string {
  return `r${Date.now().toString(36).padStart(9, "0")}${randomBytes(8).toString("hex")}`;
}
