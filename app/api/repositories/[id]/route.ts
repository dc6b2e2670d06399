import { json, parseBody, route } from "@/lib/http";
import { UpdateRepositorySchema } from "@/lib/validations/repository";
import { deleteRepository, getRepository, getSettings, listEvents, loadCoverage, updateRepository } from "@/lib/queries";
import { ALL_COLUMNS, shownColumns } from "@/lib/coverage";
import { NotFoundError } from "@/lib/errors";
import type { RepositoryDetailResponse } from "@/lib/api-types";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, { params }: Ctx) => {
  const { id } = await params;
  const repository = await getRepository(id);
  const columns = new URL(req.url).searchParams.get("columns")?.split(",").filter((c) => ALL_COLUMNS.includes(c));
  // Without `columns`: the grid's own default view, the five defaults plus every required column,
  // so a waiver can be set on any column that counts.
  const shown = columns?.length ? columns : shownColumns((await getSettings()).requiredColumns);
  const coverage = await loadCoverage({ repositoryId: id, digests: true, columns: shown });
  const row = coverage.repositories[0];
  if (!row) throw new NotFoundError(`repository ${id}`);
  const events = await listEvents({ repositoryId: id, limit: 200 });
  const body: RepositoryDetailResponse = { repository, coverage: row, events };
  return json(body);
});

export const DELETE = route(async (req: Request, { params }: Ctx) => {
  const { id } = await params;
  await deleteRepository(id);
  return new Response(null, { status: 204 });
});

export const PATCH = route(async (req: Request, { params }: Ctx) => {
  const { id } = await params;
  const body = await parseBody(req, UpdateRepositorySchema);
  const tagPolicy = body.tagPolicy ?? (body.tags ? { kind: "tags" as const, tags: body.tags } : undefined);
  return json({ repository: await updateRepository(id, { tagPolicy, verifyConfigs: body.verifyConfigs }) });
});
