// The organization's settings row: today, the required set of architecture columns.
import { prisma } from "../db";
import { ALL_COLUMNS } from "../coverage/columns";
import { DEFAULT_REQUIRED } from "../coverage/waivers";
import type { ApiSettings } from "../api-types";

const ID = "org";

function parseRequired(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    // A stored set is only ever written validated; anything else falls back to the defaults.
    if (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === "string" && ALL_COLUMNS.includes(c))) return v as string[];
  } catch {
    /* fall through */
  }
  return [...DEFAULT_REQUIRED];
}

export async function getSettings(): Promise<ApiSettings> {
  const row = await prisma.setting.findUnique({ where: { id: ID } });
  return {
    requiredColumns: row ? parseRequired(row.requiredColumns) : [...DEFAULT_REQUIRED],
    availableColumns: [...ALL_COLUMNS],
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** Stores an already validated required set (lib/coverage checkRequired). */
export async function saveSettings(input: { requiredColumns: string[] }): Promise<ApiSettings> {
  const requiredColumns = JSON.stringify(input.requiredColumns);
  await prisma.setting.upsert({ where: { id: ID }, create: { id: ID, requiredColumns }, update: { requiredColumns } });
  return getSettings();
}
