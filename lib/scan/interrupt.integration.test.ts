// A server killed in the middle of a scan comes back with the old matrix intact and the scan
// marked interrupted. The scan runs in a child process that is killed with SIGKILL.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { useScanRegistry } from "../../test/support/scan-registry";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";

const linux = (architecture: string): Plat => ({ os: "linux", architecture });
const rig = useScanRegistry();

it("marks a killed scan interrupted and keeps every stored snapshot whole", async () => {
  const { addRepository } = await import("../watch");
  const { engine } = await import("./engine");
  const { getScan, loadCoverage, markInterruptedScans } = await import("../queries");
  const reg = { url: rig.registry.url };
  const names = Array.from({ length: 6 }, (_, i) => `crash/app${i}`);
  const ids: string[] = [];
  for (const n of names) {
    await pushImage(reg, n, "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64"), linux("s390x")] });
    ids.push((await addRepository({ reference: `${rig.proxy.host}/${n}` })).id);
  }
  const first = await engine().start(ids);
  expect((await engine().wait(first.id)).status).toBe("succeeded");
  const before = await loadCoverage({ columns: ["amd64", "arm64", "s390x"], q: "crash/" });
  expect(before.repositories.map((r) => r.missing)).toEqual(names.map(() => []));

  // New images that drop s390x; every manifest GET is slowed down so the kill lands mid-scan.
  for (const n of names) await pushImage(reg, n, "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "v2" });
  rig.proxy.setRules([{ name: "slow", method: "GET", path: /\/manifests\//, delayMs: 1500 }]);

  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "test/scan-child.ts", ...ids], {
    env: { ...process.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const scanId = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`child did not start a scan: ${out}`)), 20_000);
    child.stdout.on("data", () => {
      const m = /scan (\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
  });
  // Wait until at least one slowed GET is in flight, then kill without warning.
  await expect.poll(() => rig.proxy.hits().slow ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  rig.proxy.clearRules();

  expect((await getScan(scanId)).status).toBe("running");
  expect(await markInterruptedScans()).toBeGreaterThanOrEqual(1);
  const scan = await getScan(scanId);
  expect(scan.status).toBe("interrupted");
  expect(scan.done).toBeLessThan(ids.length);

  // Every repository still has a whole snapshot: either the old image (3 platforms) or the new
  // one (2 platforms), never a half-written mix and never nothing.
  const after = await loadCoverage({ columns: ["amd64", "arm64", "s390x"], q: "crash/" });
  expect(after.repositories).toHaveLength(names.length);
  for (const r of after.repositories) {
    const t = r.tags[0];
    expect(t.digest).toMatch(/^sha256:/);
    expect([3, 2]).toContain(t.platforms.length);
    expect(r.missing).toEqual(t.platforms.length === 3 ? [] : ["s390x"]);
  }
  const old = after.repositories.filter((r) => r.tags[0].platforms.length === 3).length;
  expect(old).toBeGreaterThan(0);

  // And the next scan finishes the job.
  const again = await engine().start(ids);
  expect((await engine().wait(again.id)).status).toBe("succeeded");
  const done = await loadCoverage({ columns: ["amd64", "arm64", "s390x"], q: "crash/" });
  expect(done.repositories.map((r) => r.missing)).toEqual(names.map(() => ["s390x"]));
}, 90_000);
