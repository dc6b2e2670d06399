// The few archgrid HTTP API calls the bench makes (DESIGN.md "HTTP API"), typed with the app's own response types.
import { gunzipSync } from "node:zlib";
import type { ApiScan, BulkAddResponse, CoverageResponseFull } from "../lib/api-types";

/** Responses whose body was still gzip after fetch had undone Content-Encoding (compressed twice). */
export const doubleGzipped = new Set<string>();

async function call<T>(base: string, method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<{ status: number; data: T; bytes: number; receivedMs: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  let buf = Buffer.from(await res.arrayBuffer());
  // Answered = the last byte received (and Content-Encoding undone, as a browser would); parsing is the client's business.
  const receivedMs = performance.now() - t0;
  if (buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    // A bug in the server, not in the client: note it, and read on so that the rest can be measured.
    doubleGzipped.add(`${method} ${path.split("?")[0]} (content-encoding: ${res.headers.get("content-encoding") ?? "none"})`);
    buf = gunzipSync(buf);
  }
  const text = buf.toString("utf8");
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return { status: res.status, data: JSON.parse(text) as T, bytes: Buffer.byteLength(text), receivedMs };
}

/** POST /api/repositories/bulk in chunks (the route accepts at most 5,000 references). */
export async function addRepositories(base: string, references: string[], tags: string[]): Promise<{ created: number; existing: number; invalid: number }> {
  const out = { created: 0, existing: 0, invalid: 0 };
  for (let i = 0; i < references.length; i += 1000) {
    const { data } = await call<BulkAddResponse>(base, "POST", "/api/repositories/bulk", { references: references.slice(i, i + 1000), tags }, 300_000);
    out.created += data.created.length;
    out.existing += data.existing.length;
    out.invalid += data.invalid.length;
    if (data.invalid.length) throw new Error(`bulk add refused ${data.invalid.length} references, e.g. ${JSON.stringify(data.invalid[0])}`);
  }
  return out;
}

export interface ScanRun {
  scan: ApiScan;
  /** Wall time from POST /api/scans to the poll that saw it finished, ms. */
  wallMs: number;
  /** finishedAt - startedAt as the server recorded them, ms (when both are present). */
  serverMs?: number;
  /** finishedAt - createdAt (includes queueing), ms. */
  serverTotalMs?: number;
}

/** POST /api/scans {} and poll GET /api/scans/{id} every `pollMs` until it is neither queued nor running. */
export async function runScan(base: string, timeoutMs: number, pollMs = 100, onProgress?: (s: ApiScan) => void): Promise<ScanRun> {
  const t0 = performance.now();
  const { status, data } = await call<{ scan: ApiScan }>(base, "POST", "/api/scans", {});
  if (status !== 202) throw new Error(`POST /api/scans answered ${status}, expected 202`);
  const id = data.scan.id;
  let scan = data.scan;
  let lastReport = 0;
  while (scan.status === "queued" || scan.status === "running") {
    if (performance.now() - t0 > timeoutMs) {
      throw new Error(`scan ${id} still ${scan.status} after ${Math.round(timeoutMs / 1000)} s (done ${scan.done}/${scan.total}, failed ${scan.failed}): giving up`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
    scan = (await call<{ scan: ApiScan }>(base, "GET", `/api/scans/${id}`)).data.scan;
    if (onProgress && performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      onProgress(scan);
    }
  }
  const wallMs = performance.now() - t0;
  const run: ScanRun = { scan, wallMs };
  if (scan.startedAt && scan.finishedAt) run.serverMs = Date.parse(scan.finishedAt) - Date.parse(scan.startedAt);
  if (scan.createdAt && scan.finishedAt) run.serverTotalMs = Date.parse(scan.finishedAt) - Date.parse(scan.createdAt);
  return run;
}

/** ms: from the request to the last byte of the (decoded) answer, JSON.parse excluded. */
export async function getCoverage(base: string): Promise<{ data: CoverageResponseFull; ms: number; bytes: number }> {
  const r = await call<CoverageResponseFull>(base, "GET", "/api/coverage", undefined, 120_000);
  return { data: r.data, ms: r.receivedMs, bytes: r.bytes };
}
