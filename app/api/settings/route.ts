// The organization's settings: the required set of architecture columns. Reading follows the read
// rules of every other route; changing follows the write rules (route() in lib/http.ts).
import { json, parseBody, route } from "@/lib/http";
import { getSettings, saveSettings } from "@/lib/queries";
import { SettingsSchema } from "@/lib/validations/waivers";

export const dynamic = "force-dynamic";

export const GET = route(async (_req: Request) => json({ settings: await getSettings() }));

export const PUT = route(async (req: Request) => {
  const body = await parseBody(req, SettingsSchema);
  return json({ settings: await saveSettings(body) });
});
