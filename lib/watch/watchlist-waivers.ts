// The watch-list file's `settings` (the required set) and per-repository `waivers`: how they are
// validated, written out and applied. A repository's `waivers` list, when present, is its whole set
// (columns not listed lose their waiver; `waivers: []` removes all); when absent, its waivers stay.
import { z } from "zod";
import { deleteWaiver, getSettings, listWaivers, saveSettings, saveWaiver, waiversByReference } from "../queries";
import { SettingsSchema, WaiverFileSchema, type WaiverInputBody } from "../validations/waivers";
import { ALL_COLUMNS } from "../coverage/columns";

export const FileWaiversSchema = z
  .array(WaiverFileSchema)
  .max(ALL_COLUMNS.length, `at most one waiver per column (${ALL_COLUMNS.length})`)
  .superRefine((ws, ctx) => {
    const seen = new Set<string>();
    for (const [i, w] of ws.entries()) {
      if (seen.has(w.column)) ctx.addIssue({ code: "custom", path: [i, "column"], message: `${w.column} is waived twice; keep one waiver per column` });
      seen.add(w.column);
    }
  });

export const FileSettingsSchema = SettingsSchema;

export type FileWaiver = WaiverInputBody;

/** What the file says about settings and waivers, in the shape it is written. */
export async function exportSettingsAndWaivers(): Promise<{
  settings: { requiredColumns: string[] };
  waivers: Map<string, Array<{ column: string; reason: string; expiresAt?: string }>>;
}> {
  const [settings, byRef] = await Promise.all([getSettings(), waiversByReference()]);
  const waivers = new Map([...byRef].map(([ref, ws]) => [ref, ws.map((w) => ({ column: w.column, reason: w.reason, ...(w.expiresAt ? { expiresAt: w.expiresAt } : {}) }))]));
  return { settings: { requiredColumns: settings.requiredColumns }, waivers };
}

/** Stores the file's required set; true when it changed. */
export async function applySettings(settings: { requiredColumns: string[] } | undefined): Promise<boolean> {
  if (!settings) return false;
  const current = await getSettings();
  if (current.requiredColumns.join() === settings.requiredColumns.join()) return false;
  await saveSettings(settings);
  return true;
}

/** Makes the repository's waivers what the file lists; true when anything was written or removed. */
export async function applyWaivers(repositoryId: string, waivers: FileWaiver[] | undefined): Promise<boolean> {
  if (!waivers) return false;
  const current = new Map((await listWaivers(repositoryId)).map((w) => [w.column, w]));
  let changed = false;
  for (const w of waivers) {
    const expiresAt = w.expiresAt ?? null;
    const have = current.get(w.column);
    current.delete(w.column);
    if (have && have.reason === w.reason && have.expiresAt === expiresAt) continue;
    await saveWaiver(repositoryId, { column: w.column, reason: w.reason, expiresAt });
    changed = true;
  }
  for (const stale of current.values()) {
    await deleteWaiver(repositoryId, stale.id);
    changed = true;
  }
  return changed;
}
