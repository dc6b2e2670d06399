// A Fragment built by one module copy of hot-sql.ts is spliced, not bound, by another: Next
// bundles lib/ more than once, so lib/queries/tags.ts's statements and scan-repository's may come
// from different copies (scripts/module-state.ts flags a plain instanceof for this reason).
import { expect, it, vi } from "vitest";

async function freshCopy() {
  vi.resetModules();
  return import("./hot-sql");
}

it("a Fragment from another copy of hot-sql.ts is spliced into sql`` and join()", async () => {
  const a = await freshCopy();
  const b = await freshCopy();
  expect(a.Fragment).not.toBe(b.Fragment); // really two copies
  const list = a.join([1, 2]);
  const s = b.sql`SELECT * FROM "Tag" WHERE "id" IN (${list}) AND "name" = ${"x"}`;
  expect(s.sql).toBe(`SELECT * FROM "Tag" WHERE "id" IN (?, ?) AND "name" = ?`);
  expect(s.args).toEqual([1, 2, "x"]);
  const joined = b.join([a.sql`a = ${1}`, a.sql`b = ${2}`], " AND ");
  expect(joined.sql).toBe("a = ? AND b = ?");
  expect(joined.args).toEqual([1, 2]);
  // A value that only looks like a Fragment is still bound as a value.
  expect(b.sql`${{ sql: "DROP", args: [] } as unknown as string}`.sql).toBe("?");
});
