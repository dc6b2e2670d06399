// The scan's hot path finds the connection under the process's one Prisma client from any module
// copy of lib/db-client: Next bundles lib/ several times (the instrumentation hook, each route),
// and a copy that did not open the client fell back to Prisma's raw API — `npm run bench` measured
// the scan inside next-server at 2.5x the CPU per tag of the same code in-process.
import { expect, it, vi } from "vitest";

async function freshCopy() {
  vi.resetModules();
  return import("./db-client");
}

it("a client opened by one copy of lib/db-client is usable by the hot path of another", async () => {
  const a = await freshCopy();
  const b = await freshCopy();
  expect(a.directSqlite).not.toBe(b.directSqlite); // really two copies
  const client = a.openPrisma(process.env.DATABASE_URL!);
  try {
    const postgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL!);
    const direct = postgres ? await b.directPg(client) : await b.directSqlite(client);
    expect(direct).not.toBeNull();
    // ... and nothing claims a client no copy opened.
    expect(postgres ? await b.directPg({ $connect: async () => undefined }) : await b.directSqlite({ $connect: async () => undefined })).toBeNull();
  } finally {
    await client.$disconnect();
  }
});
