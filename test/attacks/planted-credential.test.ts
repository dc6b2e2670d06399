// "Credentials are never stored in the database, returned by the API, or written to logs"
// (DESIGN.md), tried as an attacker would: a planted credential (config.json `auths`, and a
// credential helper) for registries that fail auth in every way, some echoing what they were
// sent into their error messages. After a real scan through the HTTP API's route handlers, the
// secrets are grepped for in the SQLite file, every API response, every export and the log.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiRepository, ApiScan, CoverageResponseFull } from "../../lib/api-types";
import { storedText } from "../support/stored-text";
import { bearerChallenge, otherLoopback, sendJson, startCanary, startHostileRegistry, type Canary, type HostileRegistry } from "../support/hostile-registry";

const SECRET_AUTHS = "PLANTED-auths-secret-7f3a9c";
const SECRET_HELPER = "PLANTED-helper-secret-51be02";
const TOKEN = "PLANTED-TOKEN-e1d2c3";
const basicOf = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString("base64");
const NEEDLES = [SECRET_AUTHS, SECRET_HELPER, TOKEN, basicOf("planted-user", SECRET_AUTHS), basicOf("helper-user", SECRET_HELPER)];

/** A registry error body that repeats everything the client sent: the worst a registry can do. */
function echo(req: http.IncomingMessage): string {
  const a = req.headers.authorization ?? "";
  const decoded = a.startsWith("Basic ") ? Buffer.from(a.slice(6), "base64").toString() : "";
  return `denied for ${a} (${decoded}) via ${req.url}`;
}

type Kind = "basic-401" | "401-after-token" | "token-401" | "token-500" | "realm-refused" | "redirect-other-host";
const KINDS: Kind[] = ["basic-401", "401-after-token", "token-401", "token-500", "realm-refused", "redirect-other-host"];

const servers = new Map<Kind, HostileRegistry>();
let canary: Canary;
let side: HostileRegistry;
let dir: string;
let databaseUrl: string;
const logged: string[] = [];
const restore: Array<() => void> = [];

function attackFor(kind: Kind, self: HostileRegistry): HostileRegistry["attack"] {
  const realm = `${self.url}/token`;
  return (req, res, url) => {
    const errors = (status: number) => sendJson(res, status, { errors: [{ code: "DENIED", message: echo(req) }] });
    if (url.pathname === "/token") {
      if (kind === "token-401") return errors(401);
      if (kind === "token-500") return errors(500);
      return sendJson(res, 200, { token: TOKEN, expires_in: 300 });
    }
    switch (kind) {
      case "basic-401":
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="x"', "Content-Type": "application/json" });
        res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: echo(req) }] }));
        return true;
      case "401-after-token":
        return req.headers.authorization ? errors(401) : bearerChallenge(res, realm, "s", "repository:team/app:pull");
      case "token-401":
      case "token-500":
        return bearerChallenge(res, realm, "s", "repository:team/app:pull");
      case "realm-refused":
        return bearerChallenge(res, `http://${canary.host}/token`, "s", "repository:team/app:pull");
      case "redirect-other-host":
        if (!req.headers.authorization) return bearerChallenge(res, realm, "s", "repository:team/app:pull");
        res.writeHead(307, { Location: `${side.url}/storage?echo=${encodeURIComponent(echo(req))}`, "Content-Length": "0" });
        res.end();
        return true;
    }
  };
}

beforeAll(async () => {
  canary = await startCanary();
  side = await startHostileRegistry(await otherLoopback());
  side.attack = (req, res) => sendJson(res, 401, { errors: [{ code: "DENIED", message: echo(req) }] });
  for (const kind of KINDS) {
    const s = await startHostileRegistry();
    s.attack = attackFor(kind, s);
    servers.set(kind, s);
  }
  // config.json: auths for most registries, a credential helper for two of them.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-planted-"));
  const helperHosts = [servers.get("token-401")!.host, servers.get("401-after-token")!.host];
  const auths = Object.fromEntries([...servers.values()].filter((s) => !helperHosts.includes(s.host)).map((s) => [s.host, { auth: basicOf("planted-user", SECRET_AUTHS) }]));
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths, credHelpers: Object.fromEntries(helperHosts.map((h) => [h, "archgrid-planted"])) }));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "docker-credential-archgrid-planted"), `#!/bin/sh\ncat >/dev/null\necho '{"Username":"helper-user","Secret":"${SECRET_HELPER}"}'\n`, { mode: 0o755 });
  expect(execFileSync(path.join(bin, "docker-credential-archgrid-planted"), ["get"], { input: "x" }).toString()).toContain(SECRET_HELPER);

  process.env.DOCKER_CONFIG = dir;
  process.env.PATH = `${bin}:${process.env.PATH}`;
  process.env.ARCHGRID_INSECURE_REGISTRIES = [...[...servers.values()].map((s) => s.host), side.host].join(",");
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  process.env.ARCHGRID_REQUEST_TIMEOUT_MS = "3000";
  databaseUrl = process.env.DATABASE_URL ?? "";
  expect((await storedText(databaseUrl)).length).toBeGreaterThan(0); // the migrated database is there

  // The server log: everything this process writes.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write as typeof stream.write));
  }
  for (const level of ["log", "warn", "error", "info", "debug"] as const) {
    const orig = console[level];
    console[level] = (...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)} ${String((a as { cause?: unknown }).cause)}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      orig(...args);
    };
    restore.push(() => (console[level] = orig));
  }
}, 60_000);

afterAll(async () => {
  for (const r of restore.reverse()) r();
  for (const s of servers.values()) await s.stop();
  await side?.stop();
  await canary?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const base = "http://archgrid.test";
const get = (p: string) => new Request(base + p);

describe("a planted credential after auth failures of every kind", () => {
  it("is nowhere: database file, API responses, exports, log; the canary and the other host saw nothing", async () => {
    const repositories = await import("../../app/api/repositories/route");
    const repository = await import("../../app/api/repositories/[id]/route");
    const scans = await import("../../app/api/scans/route");
    const scanRoute = await import("../../app/api/scans/[id]/route");
    const coverage = await import("../../app/api/coverage/route");
    const gaps = await import("../../app/api/reports/gaps/route");
    const events = await import("../../app/api/events/route");
    const watchlist = await import("../../app/api/watchlist/route");
    const registries = await import("../../app/api/registries/route");
    const { engine } = await import("../../lib/scan/engine");

    const bodies: Array<[string, string]> = [];
    const keep = async (what: string, res: Response) => {
      const text = await res.text();
      bodies.push([what, text]);
      return text;
    };
    const ids: string[] = [];
    for (const [kind, s] of servers) {
      const res = await repositories.POST(new Request(`${base}/api/repositories`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reference: `${s.host}/team/app:1` }) }));
      expect(res.status, kind).toBe(201);
      ids.push((JSON.parse(await keep(`POST ${kind}`, res)) as { repository: ApiRepository }).repository.id);
    }
    const started = await scans.POST(new Request(`${base}/api/scans`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }));
    const { scan } = JSON.parse(await keep("POST /api/scans", started)) as { scan: ApiScan };
    await engine().wait(scan.id);

    await keep("scan", await scanRoute.GET(get(`/api/scans/${scan.id}`), { params: Promise.resolve({ id: scan.id }) }));
    const cov = JSON.parse(await keep("coverage", await coverage.GET(get("/api/coverage")))) as CoverageResponseFull;
    await keep("repositories", await repositories.GET(get("/api/repositories")));
    for (const id of ids) await keep(`repository ${id}`, await repository.GET(get(`/api/repositories/${id}`), { params: Promise.resolve({ id }) }));
    for (const format of ["csv", "json", "md"]) await keep(`gaps.${format}`, await gaps.GET(get(`/api/reports/gaps?format=${format}`)));
    await keep("events", await events.GET(get("/api/events")));
    await keep("watchlist.yaml", await watchlist.GET(get("/api/watchlist")));
    await keep("watchlist.json", await watchlist.GET(get("/api/watchlist?format=json")));
    await keep("registries", await registries.GET(get("/api/registries")));

    // Every kind really failed auth (the test would prove nothing if a scan had not run).
    const byHost = new Map(cov.repositories.map((r) => [r.reference.split("/")[0], r]));
    const failures = Object.fromEntries([...servers].map(([kind, s]) => [kind, byHost.get(s.host)?.tags[0]?.error?.code ?? byHost.get(s.host)?.error?.code]));
    expect(failures).toEqual({
      "basic-401": "unauthorized",
      "401-after-token": "unauthorized",
      "token-401": "unauthorized",
      "token-500": "registry-unavailable",
      "realm-refused": "blocked-address",
      "redirect-other-host": "unauthorized",
    });
    // The registries did receive the credentials (so they had something to echo back).
    const sentToRegistries = [...servers.values()].flatMap((s) => s.seen.map((x) => `${x.authorization ?? ""} ${decodeURIComponent(x.path)}`)).join("\n");
    expect(sentToRegistries).toContain(basicOf("planted-user", SECRET_AUTHS));
    expect(sentToRegistries).toContain(basicOf("helper-user", SECRET_HELPER));
    expect(sentToRegistries).toContain(TOKEN);

    // SQLite: the file's bytes; PostgreSQL: every stored row as JSON (test/support/stored-text.ts).
    const db = await storedText(databaseUrl);
    expect(db.length).toBeGreaterThan(databaseUrl.startsWith("file:") ? 10_000 : 1_000);
    const places: Array<[string, string]> = [["database file", db], ...bodies, ["log", logged.join("")]];
    const leaks = places.flatMap(([where, text]) => NEEDLES.filter((n) => text.includes(n)).map((n) => `${where}: ${n}`));
    expect(leaks).toEqual([]);
    // The echoes were stored redacted, not dropped: the messages still say what happened.
    expect(JSON.stringify(cov)).toContain("[redacted]");

    // Storage on another host got no credentials; the canary got nothing at all.
    expect(side.seen.length).toBeGreaterThan(0);
    expect(side.seen.every((x) => x.authorization === undefined)).toBe(true);
    expect(canary.connections).toBe(0);
  }, 120_000);
});
