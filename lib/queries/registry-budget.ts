// The shared request budget per registry host (PostgreSQL): a token bucket in one row per host.
// Each request reserves a token in one atomic statement (the row lock orders concurrent callers
// from every process); a caller that finds the bucket empty still takes its slot (tokens go
// negative) and waits until the refill reaches it, so waiting callers are served in order and N
// workers together never exceed `rate` requests per second beyond the initial `burst`.
import { prisma } from "../db";

/** Reserves one request to `host`; returns how many ms to wait before sending it (0: at once). */
export async function reserveRegistryRequest(host: string, ratePerSecond: number, burst: number): Promise<number> {
  // The database's clock, not each worker's: workers on several machines share one timeline.
  const rows = await prisma.$queryRawUnsafe<Array<{ tokens: number }>>(
    `INSERT INTO "RegistryBudget" ("host", "tokens", "refilledAt")
       VALUES ($1, $3::float8 - 1, extract(epoch FROM clock_timestamp())::float8)
     ON CONFLICT ("host") DO UPDATE SET
       "tokens" = LEAST($3::float8, "RegistryBudget"."tokens" + (extract(epoch FROM clock_timestamp())::float8 - "RegistryBudget"."refilledAt") * $2::float8) - 1,
       "refilledAt" = extract(epoch FROM clock_timestamp())::float8
     RETURNING "tokens"`,
    host,
    ratePerSecond,
    burst,
  );
  const tokens = Number(rows[0].tokens);
  return tokens >= 0 ? 0 : Math.ceil((-tokens / ratePerSecond) * 1000);
}
