// Webhooks end to end: a real registry, real scans, the real routes, a Prisma-migrated SQLite
// file, and receivers on loopback that verify every signature and count deliveries.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startRegistry, type RunningRegistry } from "../../e2e/fixtures/registry";
import { pushImage, type Plat } from "../../e2e/fixtures/pusher";
import { startReceiver, type Receiver } from "../../test/support/webhook-receiver";
import { expectError, expectJson, get, idCtx, post, until } from "../../test/support/routes";
import type { ApiWebhook, ApiWebhookDelivery } from "../queries/webhooks";

const SECRET = "s3cret-never-shown-0123456789";
const linux = (architecture: string): Plat => ({ os: "linux", architecture });
let registry: RunningRegistry;
const receivers: Receiver[] = [];
const logged: string[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  process.env.ARCHGRID_INSECURE_REGISTRIES = registry.host;
  process.env.ARCHGRID_SCAN_INTERVAL_MINUTES = "0";
  process.env.ARCHGRID_WEBHOOK_RETRY_BASE_MS = "100";
  // Everything the code logs is kept, to show the secret never reaches a log.
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
  }
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(opts: { fail?: number } = {}): Promise<Receiver> {
  const r = await startReceiver(SECRET, opts);
  receivers.push(r);
  process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS = receivers.map((x) => x.host).join(",");
  return r;
}

/** Every API answer of this file, to look for the secret in them. */
const answers: string[] = [];
async function call(res: Promise<Response> | Response): Promise<Response> {
  const r = await res;
  answers.push(await r.clone().text());
  return r;
}

async function routes() {
  return { list: await import("../../app/api/webhooks/route"), one: await import("../../app/api/webhooks/[id]/route"), test: await import("../../app/api/webhooks/[id]/test/route") };
}

async function createHook(url: string, extra: Record<string, unknown> = {}): Promise<ApiWebhook> {
  const { list } = await routes();
  return (await expectJson<{ webhook: ApiWebhook }>(await call(list.POST(post("/api/webhooks", { url, secret: SECRET, ...extra }))), 201)).webhook;
}

async function scan(id: string): Promise<void> {
  const { engine } = await import("../scan/engine");
  const s = await engine().start([id]);
  expect((await engine().wait(s.id)).status).toBe("succeeded");
}

/** Waits until no delivery is pending or being sent. */
async function settled(): Promise<void> {
  const { list } = await routes();
  await until(async () => {
    const { webhooks } = await expectJson<{ webhooks: ApiWebhook[] }>(await call(list.GET(get("/api/webhooks"))), 200);
    return webhooks.every((w) => w.deliveries.every((d) => d.status === "delivered" || d.status === "failed"));
  }, "deliveries to settle");
}

it("sends one signed delivery per finding per webhook through real scans: regression, then gap closed; never twice", async () => {
  const jsonHook = await receiver();
  const slackHook = await receiver();
  await createHook(jsonHook.url, { name: "generic" });
  await createHook(slackHook.url, { format: "slack", events: ["regression"] });

  const reg = { url: registry.url };
  const { addRepository } = await import("../watch");
  await pushImage(reg, "hooks/app", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "full" });
  const repo = await addRepository({ reference: `${registry.host}/hooks/app`, tags: ["latest"] });
  await scan(repo.id);
  await settled();
  expect(jsonHook.received).toEqual([]); // a first scan moves no gap

  // The same tag, pushed again without arm64: a regression.
  await pushImage(reg, "hooks/app", "latest", { format: "oci-index", platforms: [linux("amd64")], seed: "poorer" });
  await scan(repo.id);
  await until(async () => jsonHook.received.length >= 1 && slackHook.received.length >= 1, "the regression delivery");
  await settled();
  expect(jsonHook.received).toHaveLength(1);
  const [got] = jsonHook.received;
  expect(got.signatureOk).toBe(true);
  expect(got.event).toBe("regression");
  expect(got.body).toMatchObject({ version: 1, type: "regression", repository: { id: repo.id, reference: `${registry.host}/hooks/app` }, event: { tag: "latest", kind: "changed", removed: ["linux/arm64"], added: [] } });
  expect(slackHook.received).toHaveLength(1);
  expect(slackHook.received[0].signatureOk).toBe(true);
  expect(String(slackHook.received[0].body.text)).toContain("hooks/app:latest lost linux/arm64");

  // arm64 comes back: a closed gap, sent to the generic hook only (the Slack one asked for regressions).
  await pushImage(reg, "hooks/app", "latest", { format: "oci-index", platforms: [linux("amd64"), linux("arm64")], seed: "full-again" });
  await scan(repo.id);
  await until(async () => jsonHook.received.length >= 2, "the gap-closed delivery");
  await scan(repo.id); // nothing changed
  // A restart: interrupted sends requeued, findings queued again from the events — nothing new.
  const { startWebhooks } = await import("./deliver");
  await startWebhooks();
  await settled();
  expect(jsonHook.received.map((r) => [r.event, r.signatureOk])).toEqual([["regression", true], ["gap-closed", true]]);
  expect(jsonHook.received[1].body).toMatchObject({ version: 1, type: "gap-closed", event: { added: ["linux/arm64"], removed: [] } });
  expect(slackHook.received).toHaveLength(1);
  expect(new Set(jsonHook.received.map((r) => r.delivery)).size).toBe(2);

  // A new tag without the arm64 that the newest tag has: a gap opened (not sent to the regression-only hook).
  await pushImage(reg, "hooks/app", "2.0", { format: "oci-index", platforms: [linux("amd64")], seed: "two" });
  const { updateRepository } = await import("../queries");
  await updateRepository(repo.id, { tagPolicy: { kind: "tags", tags: ["latest", "2.0"] } });
  await scan(repo.id);
  await until(async () => jsonHook.received.length >= 3, "the gap-opened delivery");
  await settled();
  expect(jsonHook.received[2]).toMatchObject({ event: "gap-opened", signatureOk: true, body: { type: "gap-opened", event: { kind: "new-tag", tag: "2.0", removed: ["linux/arm64"] } } });
  expect(jsonHook.received).toHaveLength(3);
  expect(slackHook.received).toHaveLength(1);
}, 120_000);

it("retries a receiver that fails twice, with growing delays, and logs every attempt", async () => {
  const flaky = await receiver({ fail: 2 });
  const hook = await createHook(flaky.url, { name: "flaky" });
  const { test, one } = await routes();
  const first = (await expectJson<{ delivery: ApiWebhookDelivery }>(await call(test.POST(post(`/api/webhooks/${hook.id}/test`, {}), idCtx(hook.id))), 201)).delivery;
  expect(first).toMatchObject({ type: "test", status: "pending", attempts: 1, lastStatus: 500, lastError: "the receiver answered HTTP 500" });
  const done = await until(async () => {
    const w = (await expectJson<{ webhook: ApiWebhook }>(await call(one.GET(get(`/api/webhooks/${hook.id}`), idCtx(hook.id))), 200)).webhook;
    return w.deliveries.find((d) => d.id === first.id && d.status === "delivered");
  }, "the third attempt");
  expect(done).toMatchObject({ attempts: 3, lastStatus: 204, lastError: null });
  expect(flaky.received).toHaveLength(3);
  expect(new Set(flaky.received.map((r) => r.delivery))).toEqual(new Set([first.id])); // the same delivery, resent
  expect(flaky.received.every((r) => r.signatureOk)).toBe(true);
  const [a, b, c] = flaky.received.map((r) => r.at);
  expect(b - a).toBeGreaterThanOrEqual(70); // 100 ms ± 20 %, then 400 ms ± 20 %
  expect(c - b).toBeGreaterThanOrEqual(300);
}, 60_000);

it("refuses a loopback target that is not listed, and stores nothing", async () => {
  const unlisted = await startReceiver(SECRET);
  try {
    const { list } = await routes();
    const before = (await expectJson<{ webhooks: ApiWebhook[] }>(await call(list.GET(get("/api/webhooks"))), 200)).webhooks.length;
    const message = await expectError(await call(list.POST(post("/api/webhooks", { url: unlisted.url, secret: SECRET }))), 400, "invalid-request");
    expect(message).toContain("refused by policy");
    expect(message).toContain(`"${unlisted.host}" in ARCHGRID_WEBHOOK_ALLOWED_HOSTS`);
    expect((await expectJson<{ webhooks: ApiWebhook[] }>(await call(list.GET(get("/api/webhooks"))), 200)).webhooks).toHaveLength(before);

    // Listed when created, unlisted since: the delivery fails at once, nothing reaches the receiver.
    const saved = process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS;
    process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS = `${saved},${unlisted.host}`;
    const hook = await createHook(unlisted.url, { name: "later unlisted" });
    process.env.ARCHGRID_WEBHOOK_ALLOWED_HOSTS = saved;
    const { test } = await routes();
    const d = (await expectJson<{ delivery: ApiWebhookDelivery }>(await call(test.POST(post(`/api/webhooks/${hook.id}/test`, {}), idCtx(hook.id))), 201)).delivery;
    expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
    expect(d.lastError).toContain("refused by policy");
    expect(unlisted.received).toEqual([]);
  } finally {
    await unlisted.close();
  }
});

it("rejects bad input in plain words and changes nothing; deletes; never shows the secret", async () => {
  const { list, one } = await routes();
  const before = (await expectJson<{ webhooks: ApiWebhook[] }>(await call(list.GET(get("/api/webhooks"))), 200)).webhooks;
  for (const bad of [{ url: "ftp://x.example/", secret: SECRET }, { url: "https://hooks.example/", secret: "short" }, { url: "https://hooks.example/", secret: SECRET, events: ["everything"] }]) {
    await expectError(await call(list.POST(post("/api/webhooks", bad))), 400, "invalid-request");
  }
  await expectError(await call(list.POST(post("/api/webhooks", { url: before[0].url, secret: SECRET }))), 409, "webhook-exists");
  expect((await expectJson<{ webhooks: ApiWebhook[] }>(await call(list.GET(get("/api/webhooks"))), 200)).webhooks).toEqual(before);

  const victim = before.at(-1)!;
  expect((await call(one.DELETE(new Request(`http://archgrid.test/api/webhooks/${victim.id}`, { method: "DELETE" }), idCtx(victim.id)))).status).toBe(204);
  await expectError(await call(one.GET(get(`/api/webhooks/${victim.id}`), idCtx(victim.id))), 404, "not-found");

  expect(answers.length).toBeGreaterThan(20);
  expect(answers.filter((a) => a.includes(SECRET))).toEqual([]);
  expect(answers.some((a) => a.includes('"deliveries"'))).toBe(true);
  expect(logged.filter((l) => l.includes(SECRET))).toEqual([]);
});

it("creates webhooks from the watch-list file's webhooks key (secret named by variable), all or nothing", async () => {
  const { importWatchlist } = await import("../watch");
  const { listWebhooks } = await import("../queries/webhooks");
  const target = await receiver();
  const before = (await listWebhooks()).length;
  const file = (env: string) => `repositories: []\nwebhooks:\n  - url: ${target.url}\n    format: slack\n    events: [regression]\n    secretEnv: ${env}\n`;
  // The variable is not set: a plain message naming it, nothing stored.
  await expect(importWatchlist(file("ARCHGRID_TEST_HOOK_SECRET"))).rejects.toThrow(/webhooks\.0\.secretEnv: the environment variable ARCHGRID_TEST_HOOK_SECRET must hold a secret/);
  process.env.ARCHGRID_TEST_OTHER_SECRET = SECRET;
  await expect(importWatchlist(`webhooks:\n  - url: http://127.0.0.1:9/x\n    secretEnv: ARCHGRID_TEST_OTHER_SECRET\nrepositories: []\n`)).rejects.toThrow(/webhooks\.0\.url: .*refused by policy/);
  expect(await listWebhooks()).toHaveLength(before);

  process.env.ARCHGRID_TEST_HOOK_SECRET = SECRET;
  await importWatchlist(file("ARCHGRID_TEST_HOOK_SECRET"));
  await importWatchlist(file("ARCHGRID_TEST_HOOK_SECRET")); // idempotent
  const created = (await listWebhooks()).filter((w) => w.url === target.url);
  expect(created).toMatchObject([{ format: "slack", events: ["regression"] }]);
  const { enqueueTest } = await import("../queries/webhooks");
  const { dispatcher } = await import("./deliver");
  await dispatcher().sendNow(await enqueueTest(created[0].id));
  expect(target.received.map((r) => r.signatureOk)).toEqual([true]);
});
