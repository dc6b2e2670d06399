import { json, readText, route } from "@/lib/http";
import { exportWatchlist, importWatchlist } from "@/lib/watch";
import { ValidationError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = route(async (req: Request) => {
  const format = new URL(req.url).searchParams.get("format") === "json" ? "json" : "yaml";
  const text = await exportWatchlist(format);
  return new Response(text, {
    headers: {
      "Content-Type": format === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="archgrid-watchlist.${format === "json" ? "json" : "yaml"}"`,
      "Cache-Control": "no-store",
    },
  });
});

/** The watch-list file's own cap (README "HTTP API"), larger than the 1 MB of JSON routes. */
const WATCHLIST_MAX_BYTES = 5_000_000;

/** `?prune=true` deletes watched repositories absent from the file; only an explicit true or false is taken. */
function pruneParam(req: Request): boolean {
  const v = new URL(req.url).searchParams.get("prune");
  if (v === null || v === "false") return false;
  if (v === "true") return true;
  throw new ValidationError(`prune must be true or false, not "${v.slice(0, 40)}"`);
}

export const POST = route(
  async (req: Request) => {
    const prune = pruneParam(req);
    return json(await importWatchlist(await readText(req, WATCHLIST_MAX_BYTES), { prune }));
  },
  { bodyTypes: ["application/yaml", "application/x-yaml", "text/yaml", "application/json"] },
);
