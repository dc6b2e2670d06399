// /api/health without a database: DATABASE_URL points where no SQLite file can ever be created
// (below a regular file; not /proc, where Node 20's recursive mkdir never returns). Liveness
// answers anyway; readiness says why it is not ready.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-nodb-")), "not-a-folder");
fs.writeFileSync(blocker, "");
process.env.DATABASE_URL = `file:${blocker}/data/archgrid.db`;
afterAll(() => fs.rmSync(path.dirname(blocker), { recursive: true, force: true }));

describe("GET /api/health and /api/ready without a database", () => {
  it("health answers 200 and never opens the database", async () => {
    const { GET } = await import("../../app/api/health/route");
    const res = GET();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((globalThis as { archgridPrisma?: unknown }).archgridPrisma).toBeUndefined();
  });

  it("ready answers 503 with the reason in plain words, not a crash", async () => {
    const { GET } = await import("../../app/api/ready/route");
    const res = await GET();
    const text = await res.text();
    expect(res.status, text).toBe(503);
    expect(text).toMatch(/^not ready: database unreachable or not migrated: .*ENOTDIR/);
  });
});
