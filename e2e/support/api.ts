// Seeding through the app's own HTTP API, for specs whose flow under test is not the adding
// itself. Every helper is safe to call again on a retry of the same test (same database).
import { expect, type APIRequestContext } from "@playwright/test";
import type { ApiRepository, ApiScan, RepositoryDetailResponse } from "../../lib/api-types";

const TERMINAL: ReadonlyArray<ApiScan["status"]> = ["succeeded", "partial", "failed", "interrupted", "cancelled"];

export async function listRepositories(request: APIRequestContext): Promise<ApiRepository[]> {
  const res = await request.get("/api/repositories");
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { repositories: ApiRepository[] }).repositories;
}

export async function findRepository(request: APIRequestContext, reference: string): Promise<ApiRepository | undefined> {
  return (await listRepositories(request)).find((r) => r.reference === reference);
}

/** Watches `reference` (or returns the repository a previous attempt of this test added). */
export async function watch(request: APIRequestContext, reference: string, tags?: string[]): Promise<ApiRepository> {
  const res = await request.post("/api/repositories", { data: tags ? { reference, tags } : { reference } });
  if (res.status() === 409) {
    const existing = await findRepository(request, reference);
    expect(existing, `409 for ${reference} but it is not listed`).toBeDefined();
    return existing as ApiRepository;
  }
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { repository: ApiRepository }).repository;
}

/** Removes `reference` from the watch list if a previous attempt left it there. */
export async function unwatch(request: APIRequestContext, reference: string): Promise<void> {
  const existing = await findRepository(request, reference);
  if (!existing) return;
  const res = await request.delete(`/api/repositories/${encodeURIComponent(existing.id)}`);
  expect([204, 404]).toContain(res.status());
}

export async function getScan(request: APIRequestContext, id: string): Promise<ApiScan> {
  const res = await request.get(`/api/scans/${encodeURIComponent(id)}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { scan: ApiScan }).scan;
}

/** Starts a scan of these repositories and waits until it has finished; returns the final scan. */
export async function scanAndWait(request: APIRequestContext, repositoryIds: string[]): Promise<ApiScan> {
  const res = await request.post("/api/scans", { data: { repositoryIds } });
  expect(res.status(), await res.text()).toBe(202);
  const { scan } = (await res.json()) as { scan: ApiScan };
  let last: ApiScan = scan;
  await expect
    .poll(
      async () => {
        last = await getScan(request, scan.id);
        return last.status;
      },
      { message: `scan ${scan.id} did not finish`, timeout: 30_000, intervals: [100, 200, 250, 500] },
    )
    .toMatch(new RegExp(`^(${TERMINAL.join("|")})$`));
  return last;
}

/** Watches (with these tags, default latest) and scans each reference; expects the scan to succeed. */
export async function seed(request: APIRequestContext, references: string[], tags?: string[]): Promise<ApiRepository[]> {
  const repos: ApiRepository[] = [];
  for (const r of references) repos.push(await watch(request, r, tags));
  const scan = await scanAndWait(
    request,
    repos.map((r) => r.id),
  );
  expect(scan, "seed scan").toMatchObject({ status: "succeeded", failed: 0 });
  return repos;
}

export async function repositoryDetail(request: APIRequestContext, id: string): Promise<RepositoryDetailResponse> {
  const res = await request.get(`/api/repositories/${encodeURIComponent(id)}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as RepositoryDetailResponse;
}
