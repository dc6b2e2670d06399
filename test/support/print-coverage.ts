// Prints GET /api/coverage's JSON body as the route handler answers it on DATABASE_URL, in a
// process of its own (no cache or client left over from another database). Used by
// scripts/migrate-data.test.ts to ask the copied PostgreSQL database what the API says.
import { GET } from "../../app/api/coverage/route";

async function main() {
  const res = await GET(new Request("http://archgrid.test/api/coverage"));
  process.stdout.write(JSON.stringify({ status: res.status, body: await res.json() }));
  process.exit(0);
}
void main();
