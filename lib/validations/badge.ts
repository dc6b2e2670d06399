// GET /api/badges/{id|reference}.svg query: which columns count, the label, the shields style.
import { z } from "zod";
import { DEFAULT_COLUMNS, isKnownColumn } from "../coverage/columns";
import { BADGE_STYLES } from "../badges/badge";

export const BadgeQuerySchema = z.object({
  columns: z
    .string()
    .max(200)
    .optional()
    .transform((v) => (v ? [...new Set(v.split(",").map((c) => c.trim()).filter(Boolean))] : [...DEFAULT_COLUMNS]))
    .refine((cols) => cols.length > 0 && cols.every(isKnownColumn), "unknown architecture column"),
  label: z.string().trim().min(1).max(40).optional(),
  style: z.enum(BADGE_STYLES).optional(),
});
