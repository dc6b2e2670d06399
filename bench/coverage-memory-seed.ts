// N repositories × 4 tags written straight with better-sqlite3 (about a second at 10,000): the
// shape of bench/ui.ts's seed (1–6 linux platforms per tag, arm as v7), with a distinct digest per
// platform as a scan stores them. Shared by coverage-memory.ts and coverage-rss.ts.
import Database from "better-sqlite3";

const ARCHES = ["amd64", "arm64", "arm", "ppc64le", "s390x", "riscv64"];

export function seedCoverage(file: string, n: number): void {
  const db = new Database(file);
  // An hour ago: a stamp that is not "recent" to the matrix (lib/queries/matrix.ts, HOT_MARK_MS), as
  // in a database seeded or scanned a while before the server reads it.
  const now = new Date(Date.now() - 3_600_000).toISOString().replace("Z", "+00:00");
  const repo = db.prepare(`INSERT INTO "Repository" ("id","registryId","name","reference","tagPolicy","status","lastScannedAt","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?)`);
  const tag = db.prepare(`INSERT INTO "Tag" ("id","repositoryId","name","digest","mediaType","checkedAt","changedAt","createdAt") VALUES (?,?,?,?,?,?,?,?)`);
  const plat = db.prepare(`INSERT INTO "TagPlatform" ("id","tagId","os","architecture","variant","rawOs","rawArchitecture","rawVariant","digest") VALUES (?,?,?,?,?,?,?,?,?)`);
  db.transaction(() => {
    db.prepare(`INSERT INTO "Registry" ("id","host","createdAt") VALUES ('reg','registry.example.com',?)`).run(now);
    for (let i = 0; i < n; i++) {
      const id = `repo${i}`;
      repo.run(id, "reg", `team${i % 25}/service-${i}`, `registry.example.com/team${i % 25}/service-${i}`, '{"kind":"tags","tags":["latest","1.0","1.1","2.0"]}', "ok", now, now, now);
      ["latest", "1.0", "1.1", "2.0"].forEach((t, k) => {
        const tagId = `${id}-${k}`;
        tag.run(tagId, id, t, `sha256:${(i * 4 + k).toString(16).padStart(64, "0")}`, "application/vnd.oci.image.index.v1+json", now, now, now);
        for (const arch of ARCHES.slice(0, 1 + ((i + k) % ARCHES.length))) {
          plat.run(`${tagId}-${arch}`, tagId, "linux", arch, arch === "arm" ? "v7" : null, "linux", arch, arch === "arm" ? "v7" : null, `sha256:${(i * 31 + k * 7 + arch.length).toString(16).padStart(64, "c")}`);
        }
      });
    }
  })();
  db.close();
}
