// Everything a test database holds, as one string to search for what must never be stored
// (credentials): on SQLite the raw bytes of the file and its journal/WAL (deleted rows included);
// on PostgreSQL every row of every table as JSON (the server's files are not the test's to read).
import fs from "node:fs";
import pg from "pg";

export async function storedText(databaseUrl: string): Promise<string> {
  if (databaseUrl.startsWith("file:")) {
    const file = databaseUrl.slice("file:".length).split("?")[0];
    return ["", "-wal", "-journal"].map((x) => file + x).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString("latin1")).join("");
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    const parts: string[] = [];
    for (const t of tables) {
      const { rows } = await client.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t.name.replace(/"/g, '""')}" x`);
      for (const r of rows) parts.push(r.j);
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}
