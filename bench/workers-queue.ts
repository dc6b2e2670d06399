// The app replica's part in `npm run bench:workers`, as its own process (lib/db opens the one
// DATABASE_URL of the process, and each run has a fresh database): run with ARCHGRID_WORKERS=0,
// it only writes rows and queues, as `ARCHGRID_WORKERS=0 npm start` does behind the API.
//   tsx bench/workers-queue.ts watch FILE TAGS   watch the references in FILE (one a line) with tags TAGS (comma-separated)
//   tsx bench/workers-queue.ts scan              queue a scan of every repository; prints "scan <id>"
import fs from "node:fs";
import { addRepositories } from "../lib/watch";
import { engine } from "../lib/scan/engine";
import { stopBoss } from "../lib/jobs/boss";
import { runMain } from "./main";

async function main(): Promise<void> {
  const [mode, file, tags] = process.argv.slice(2);
  if (process.env.ARCHGRID_WORKERS !== "0") throw new Error("run with ARCHGRID_WORKERS=0: this process must not scan");
  if (mode === "watch" && file && tags) {
    const refs = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
    const r = await addRepositories(refs, { tags: tags.split(",") });
    if (r.invalid.length || r.created.length !== refs.length) throw new Error(`watched ${r.created.length} of ${refs.length}: ${JSON.stringify(r.invalid[0] ?? r.existing[0])}`);
    console.log(`watched ${r.created.length}`);
  } else if (mode === "scan") {
    const scan = await engine().start(undefined);
    console.log(`scan ${scan.id}`);
    await stopBoss(1_000);
  } else {
    throw new Error("usage: workers-queue.ts watch FILE TAGS | scan");
  }
}

runMain(main, { report: (e) => console.error("workers-queue:", e instanceof Error ? e.message : e) });
