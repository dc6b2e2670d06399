// What archgrid is compared with: the way scripts check images today (one `skopeo inspect --raw`
// per tag), and the ceilings (tight keep-alive HEAD and GET loops that do nothing but ask for
// digests or manifests).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ACCEPT_ALL } from "../e2e/fixtures/pusher";

export interface TagRef {
  repo: string;
  tag: string;
}

export interface LoopResult {
  tags: number;
  ms: number;
  tagsPerSec: number;
  failures: number;
  firstFailure?: string;
  /** Latency percentiles of one tag, ms. */
  p50Ms: number;
  p95Ms: number;
}

/** Runs fn over items with at most `concurrency` in flight; returns per-item latencies. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<{ ms: number; lat: number[]; failures: number; firstFailure?: string }> {
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const s = performance.now();
        try {
          await fn(item);
        } catch (e) {
          failures++;
          firstFailure ??= e instanceof Error ? e.message : String(e);
        }
        lat.push(performance.now() - s);
      }
    }),
  );
  return { ms: performance.now() - t0, lat, failures, firstFailure };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

function result(tags: number, r: { ms: number; lat: number[]; failures: number; firstFailure?: string }): LoopResult {
  return {
    tags,
    ms: r.ms,
    tagsPerSec: (tags * 1000) / r.ms,
    failures: r.failures,
    ...(r.firstFailure !== undefined ? { firstFailure: r.firstFailure } : {}),
    p50Ms: percentile(r.lat, 50),
    p95Ms: percentile(r.lat, 95),
  };
}

function skopeoOnce(host: string, t: TagRef, authFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // No credential or proxy surprises: an empty auth file and no proxy variables.
    const env: NodeJS.ProcessEnv = { ...process.env, REGISTRY_AUTH_FILE: authFile };
    for (const k of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"]) delete env[k];
    const child = spawn("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${host}/${t.repo}:${t.tag}`], {
      stdio: ["ignore", "pipe", "pipe"],
      env,
    });
    let out = 0;
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.length;
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0 && out > 0) resolve();
      else reject(new Error(`skopeo ${t.repo}:${t.tag} exit ${code}: ${err.trim().slice(0, 300)}`));
    });
  });
}

/**
 * One `skopeo inspect --raw --tls-verify=false docker://host/repo:tag` process per tag.
 * `tmpDir` receives an empty auth file (`{"auths":{}}`), so the user's credentials are never read.
 */
export async function skopeoLoop(host: string, tags: TagRef[], concurrency: number, tmpDir: string): Promise<LoopResult> {
  const authFile = path.join(tmpDir, "skopeo-auth.json");
  fs.writeFileSync(authFile, '{"auths":{}}\n');
  return result(tags.length, await pool(tags, concurrency, (t) => skopeoOnce(host, t, authFile, 60_000)));
}

/** HEAD /v2/<repo>/manifests/<tag> with the full Accept over one keep-alive agent; the digest is all it reads. */
export function headLoop(host: string, tags: TagRef[], concurrency: number): Promise<LoopResult> {
  return manifestLoop("HEAD", host, tags, concurrency);
}

/**
 * GET /v2/<repo>/manifests/<tag> with the full Accept over one keep-alive agent, reading the whole
 * body and its digest header and nothing more: the ceiling of a cold scan, which needs at least
 * this one GET per tag (it parses, verifies and stores on top, and fetches single images' configs).
 */
export function getLoop(host: string, tags: TagRef[], concurrency: number): Promise<LoopResult> {
  return manifestLoop("GET", host, tags, concurrency);
}

async function manifestLoop(method: "HEAD" | "GET", host: string, tags: TagRef[], concurrency: number): Promise<LoopResult> {
  const [hostname, port] = host.split(":");
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const r = await pool(
      tags,
      concurrency,
      (t) =>
        new Promise<void>((resolve, reject) => {
          const req = http.request(
            { host: hostname, port: Number(port), method, path: `/v2/${t.repo}/manifests/${t.tag}`, headers: { accept: ACCEPT_ALL }, agent },
            (res) => {
              let bytes = 0;
              res.on("data", (c: Buffer) => {
                bytes += c.length;
              });
              res.on("end", () => {
                const digest = res.headers["docker-content-digest"];
                if (res.statusCode === 200 && typeof digest === "string" && (method === "HEAD" || bytes > 0)) resolve();
                else reject(new Error(`${method} ${t.repo}:${t.tag}: ${res.statusCode}`));
              });
            },
          );
          req.setTimeout(15_000, () => req.destroy(new Error("timeout")));
          req.on("error", reject);
          req.end();
        }),
    );
    return result(tags.length, r);
  } finally {
    agent.destroy();
  }
}
