// Webhook findings follow the same rules as the grid: through real scans of a real registry, the
// real routes (waivers, settings, webhooks) and a receiver on loopback that verifies signatures, a
// loss on a waived column or an informational one sends nothing; a closed gap on the waived
// column and a loss on a required one are delivered.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { startReceiver, type Receiver } from "../../test/support/webhook-receiver";
import { expectJson, idCtx, post, until } from "../../test/support/routes";

const SECRET = "findings-secret-0123456789abcdef";
const linux = (architecture: string): Plat => ({ os: "linux", architecture });
let registry: RunningRegistry;
let hook: Receiver;

beforeAll(async () => {
  registry = await startRegistry();
  hook = await startReceiver(SECRET);
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  process.env.ARCHGRID_WEBHOOK_RETRY_BASE_MS = "100";
  process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS = hook.host;
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  await hook?.close();
});

async function scan(id: string): Promise<void> {
  const { engine } = await import("../scan/engine");
  const s = await engine().start([id]);
  expect((await engine().wait(s.id)).status).toBe("succeeded");
}

it("a waived or informational column moving is no finding; a closed gap on the waived column and a required loss are", async () => {
  const reg = { url: registry.url };
  const push = (seed: string, archs: string[]) => pushImage(reg, "findings/gpu", "latest", { format: "oci-index", platforms: archs.map(linux), seed });
  const webhooks = await import("../../app/api/webhooks/route");
  await expectJson(await webhooks.POST(post("/api/webhooks", { url: hook.url, secret: SECRET, name: "all findings" })), 201);

  await push("start", ["amd64", "arm64", "s390x", "riscv64"]);
  const { addRepository } = await import("../watch");
  const repo = await addRepository({ reference: `${registry.host}/findings/gpu`, tags: ["latest"] });
  await scan(repo.id);
  // The default required set (riscv64 informational), and arm64 waived for this repository.
  const waivers = await import("../../app/api/repositories/[id]/waivers/route");
  await expectJson(await waivers.POST(post(`/api/repositories/${repo.id}/waivers`, { column: "arm64", reason: "GPU image, amd64 first" }), idCtx(repo.id)), 201);

  // Loses arm64 (waived) and riscv64 (informational): nothing to tell.
  await push("lost-waived-and-info", ["amd64", "s390x"]);
  await scan(repo.id);
  // arm64 comes back: a closed gap, even on a waived column (time to drop the waiver).
  await push("arm64-back", ["amd64", "arm64", "s390x"]);
  await scan(repo.id);
  // Loses s390x, which is required and not waived: a regression.
  await push("lost-s390x", ["amd64", "arm64"]);
  await scan(repo.id);

  await until(async () => hook.received.length >= 2, "two deliveries");
  // Had the first change been queued, it would come first (events are queued in order, once each).
  await new Promise((r) => setTimeout(r, 500));
  expect(hook.received.map((r) => [r.event, r.signatureOk])).toEqual([["gap-closed", true], ["regression", true]]);
  expect(hook.received[0].body).toMatchObject({ type: "gap-closed", event: { added: ["linux/arm64"], removed: [] } });
  expect(hook.received[1].body).toMatchObject({ type: "regression", event: { removed: ["linux/s390x"] } });
}, 120_000);
