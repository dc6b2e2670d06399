// Request schemas for the required set (PUT /api/settings) and waivers (POST
// /api/repositories/{id}/waivers), shared by the routes, the forms and the watch-list file.
import { z } from "zod";
import { ALL_COLUMNS } from "../coverage/columns";
import { checkRequired } from "../coverage/waivers";

const column = z.string().refine((c) => ALL_COLUMNS.includes(c), { message: `is not an architecture column (one of ${ALL_COLUMNS.join(", ")})` });

export const SettingsSchema = z.object({
  requiredColumns: z
    .array(z.string().max(40))
    .max(ALL_COLUMNS.length * 2)
    .transform((cols, ctx) => {
      const r = checkRequired(cols);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.problem });
        return z.NEVER;
      }
      return r.required;
    }),
});

/** "2026-12-31" -> that day's start in UTC; a full ISO time as is; anything else is refused. */
function parseExpiry(v: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v)) return Date.parse(v);
  return NaN;
}

const expiry = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const t = parseExpiry(v.trim());
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: "custom", message: `"${v.slice(0, 40)}" is not a date (expected YYYY-MM-DD, or an ISO time with a zone)` });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

/** A waiver as a file or a script writes it; `expiresAt` may already have passed (an exported file keeps its old waivers). */
export const WaiverFileSchema = z.object({
  column,
  reason: z
    .string()
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, "is required: say why this gap is accepted").max(500, "is longer than 500 characters")),
  expiresAt: expiry.nullable().optional(),
});

/** POST /api/repositories/{id}/waivers: as in the file, but an expiry must lie in the future (an already expired waiver would change nothing). */
export const WaiverInputSchema = WaiverFileSchema.superRefine((w, ctx) => {
  if (w.expiresAt && Date.parse(w.expiresAt) <= Date.now()) {
    ctx.addIssue({ code: "custom", path: ["expiresAt"], message: `${w.expiresAt.slice(0, 10)} has already passed: a waiver must expire in the future` });
  }
});

export type WaiverInputBody = z.infer<typeof WaiverFileSchema>;
