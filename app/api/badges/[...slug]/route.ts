// GET /api/badges/{repository id or url-encoded reference}.svg: an SVG badge of a repository's
// architecture coverage for READMEs. Always an image: an unknown repository is a grey
// "not watched" badge, never a 500; a bad query is a grey badge with status 400.
import { errorResponse, route } from "@/lib/http";
import { badgeSpec, etagOf, findBadgeRow, matchesEtag, renderBadge, type BadgeSpec } from "@/lib/badges";
import { BadgeQuerySchema } from "@/lib/validations/badge";
import { getSettings } from "@/lib/queries";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ slug: string[] }> };

// Short: a README should show a rescan's result within minutes; the ETag makes revalidation cheap.
const CACHE = "public, max-age=300, stale-while-revalidate=60";

function svgResponse(req: Request, svg: string, status = 200): Response {
  const etag = etagOf(svg);
  const headers: Record<string, string> = { ETag: etag, "Cache-Control": CACHE };
  if (status === 200 && matchesEtag(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(svg, {
    status,
    headers: {
      ...headers,
      "Content-Type": "image/svg+xml; charset=utf-8",
      "X-Content-Type-Options": "nosniff",
      // Opened on its own, the SVG is a document of this origin: it may run nothing.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    },
  });
}

export const GET = route(async (req: Request, { params }: Ctx) => {
  const { slug } = await params;
  // An encoded reference arrives as one segment; an unencoded one as several.
  const path = slug.join("/");
  if (!path.endsWith(".svg")) return errorResponse(404, "not-found", "badges are served as /api/badges/{repository id or url-encoded reference}.svg");
  const key = path.slice(0, -".svg".length);
  const query = BadgeQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    const bad: BadgeSpec = { label: "arch", message: `bad ${issue.path.join(".") || "query"}`, color: "lightgrey" };
    return svgResponse(req, renderBadge(bad), 400);
  }
  const { label, style } = query.data;
  // Without ?columns= the badge speaks of the organization's required set.
  const columns = new URL(req.url).searchParams.get("columns") ? query.data.columns : (await getSettings()).requiredColumns;
  const row = key ? await findBadgeRow(key, columns) : undefined;
  return svgResponse(req, renderBadge(badgeSpec(row, columns, label), style));
});
