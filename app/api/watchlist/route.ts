import { authorize, json, route } from "@/lib/http";
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

export const POST = route(async (req: Request) => {
  authorize(req);
  const text = await req.text();
  if (text.length > 5_000_000) throw new ValidationError("watch list is larger than 5 MB");
  return json(await importWatchlist(text));
});
