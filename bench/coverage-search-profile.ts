// `node --import tsx bench/coverage-search-profile.ts [N]` (add `--cpu-prof` to profile): the
// coverage answer for a search and a "missing" filter, in-process at N repositories × 4 tags, a new
// query each time as typing gives (so no answer cache helps): time per answer and JSON size.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "./server";
import { seedCoverage } from "./coverage-memory-seed";
import { runMain } from "./main";

const N = Number(process.argv[2] ?? 10_000);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-covsearch-"));
  try {
    const file = path.join(tmp, "cov.db");
    migrate(`file:${file}`);
    seedCoverage(file, N);
    process.env.DATABASE_URL = `file:${file}`;
    const { loadCoverage } = await import("../lib/queries");
    const { DEFAULT_COLUMNS } = await import("../lib/coverage");
    const columns = [...DEFAULT_COLUMNS];
    const view = { offset: 0, limit: 50, sort: "name" as const };
    await loadCoverage({ columns, defaultColumns: true }, view);
    for (const [label, make] of [
      ["search (q=service-N)", (i: number) => ({ columns, defaultColumns: true, q: `service-${N - 1 - i}` })],
      ["search, prefix typed (q=serv…)", (i: number) => ({ columns, defaultColumns: true, q: "service-".slice(0, 1 + (i % 8)) + (i >= 8 ? String(i) : "") })],
      ["missing (5 columns in turn)", (i: number) => ({ columns, defaultColumns: true, missing: columns[i % columns.length], q: i >= 5 ? `team${i}` : undefined })],
    ] as const) {
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        const out = await loadCoverage(make(i), view);
        bytes = JSON.stringify(out).length;
        ms.push(performance.now() - t);
      }
      console.log(`${label}: median ${med(ms).toFixed(1)} ms (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}), last answer ${bytes} bytes`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main);
