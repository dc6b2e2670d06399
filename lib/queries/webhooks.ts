// Webhooks and their delivery log. The secret is written here and read only by the sender
// (deliveryToSend): every function that answers the API leaves it out.
import { prisma } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { FINDING_TYPES, findingBody, testBody, type FindingType } from "../webhooks/payload";
import { findingUnder } from "../webhooks/findings";
import { getSettings } from "./settings";

export type WebhookFormat = "json" | "slack";

export interface ApiWebhookDelivery {
  id: string;
  eventKey: string;
  type: string;
  status: "pending" | "sending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface ApiWebhook {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: FindingType[];
  createdAt: string;
  deliveries: ApiWebhookDelivery[];
}

type DeliveryRow = { id: string; eventKey: string; type: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; nextAttemptAt: Date; createdAt: Date; deliveredAt: Date | null };

function toApiDelivery(d: DeliveryRow): ApiWebhookDelivery {
  return {
    id: d.id,
    eventKey: d.eventKey,
    type: d.type,
    status: d.status as ApiWebhookDelivery["status"],
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

const PUBLIC_FIELDS = { id: true, name: true, url: true, format: true, events: true, createdAt: true } as const;

function toApi(w: { id: string; name: string; url: string; format: string; events: string; createdAt: Date }, deliveries: DeliveryRow[]): ApiWebhook {
  return { id: w.id, name: w.name, url: w.url, format: w.format as WebhookFormat, events: JSON.parse(w.events) as FindingType[], createdAt: w.createdAt.toISOString(), deliveries: deliveries.map(toApiDelivery) };
}

export async function createWebhook(input: { name: string; url: string; format: WebhookFormat; events: FindingType[]; secret: string }): Promise<ApiWebhook> {
  if (await prisma.webhook.findUnique({ where: { url: input.url }, select: { id: true } })) throw new ConflictError("webhook-exists", `a webhook for ${input.url} already exists`);
  const w = await prisma.webhook.create({ data: { ...input, events: JSON.stringify(input.events) }, select: PUBLIC_FIELDS });
  return toApi(w, []);
}

export async function webhookExists(url: string): Promise<boolean> {
  return (await prisma.webhook.count({ where: { url } })) > 0;
}

/** Every webhook with its newest `deliveries` log entries. */
export async function listWebhooks(deliveries = 20): Promise<ApiWebhook[]> {
  const rows = await prisma.webhook.findMany({ orderBy: { createdAt: "asc" }, select: { ...PUBLIC_FIELDS, deliveries: { orderBy: { createdAt: "desc" }, take: deliveries } } });
  return rows.map((w) => toApi(w, w.deliveries));
}

export async function getWebhook(id: string, deliveries = 100): Promise<ApiWebhook> {
  const w = await prisma.webhook.findUnique({ where: { id }, select: { ...PUBLIC_FIELDS, deliveries: { orderBy: { createdAt: "desc" }, take: deliveries } } });
  if (!w) throw new NotFoundError(`webhook ${id}`);
  return toApi(w, w.deliveries);
}

export async function deleteWebhook(id: string): Promise<void> {
  const r = await prisma.webhook.deleteMany({ where: { id } });
  if (r.count === 0) throw new NotFoundError(`webhook ${id}`);
}

/** How far back a new or restarted process looks for findings not yet queued. */
const LOOKBACK_MS = 24 * 3600_000;

/**
 * Queues one delivery per (webhook, finding) for change events since the webhook was created (at
 * most a day back) that have none yet. The unique (webhookId, eventKey) row is the deduplication:
 * calling this again, after a rescan or a restart, queues nothing twice. Answers how many it queued.
 */
export async function enqueueFindings(now = new Date()): Promise<number> {
  const hooks = await prisma.webhook.findMany({ select: { id: true, format: true, events: true, createdAt: true } });
  if (hooks.length === 0) return 0;
  const floor = new Date(now.getTime() - LOOKBACK_MS);
  const oldest = hooks.reduce((m, h) => (h.createdAt < m ? h.createdAt : m), now);
  const events = await prisma.changeEvent.findMany({
    where: { at: { gte: oldest > floor ? oldest : floor }, kind: { in: ["changed", "new-tag"] } },
    orderBy: { at: "asc" },
    include: { repository: { select: { reference: true } } },
  });
  // The rules every other surface counts gaps by: the required set, and each repository's waivers
  // as they stood when the change happened.
  const { requiredColumns } = await getSettings();
  const waiverRows = await prisma.waiver.findMany({
    where: { repositoryId: { in: [...new Set(events.map((e) => e.repositoryId))] } },
    select: { id: true, repositoryId: true, column: true, reason: true, expiresAt: true },
  });
  const waiversOf = (repositoryId: string) =>
    waiverRows.filter((w) => w.repositoryId === repositoryId).map((w) => ({ ...w, expiresAt: w.expiresAt?.toISOString() ?? null }));
  let queued = 0;
  for (const h of hooks) {
    const wanted = new Set(JSON.parse(h.events) as string[]);
    const candidates = events.filter((e) => e.at >= h.createdAt);
    if (candidates.length === 0) continue;
    const done = new Set(
      (await prisma.webhookDelivery.findMany({ where: { webhookId: h.id, eventKey: { in: candidates.map((e) => e.id) } }, select: { eventKey: true } })).map((d) => d.eventKey),
    );
    for (const e of candidates) {
      if (done.has(e.id)) continue;
      const ev = { ...e, reference: e.repository.reference, added: JSON.parse(e.added) as string[], removed: JSON.parse(e.removed) as string[] };
      const type = findingUnder(ev, { required: requiredColumns, waivers: waiversOf(e.repositoryId), now: e.at.getTime() });
      if (!type || !wanted.has(type)) continue;
      try {
        await prisma.webhookDelivery.create({ data: { webhookId: h.id, eventKey: e.id, type, body: findingBody(type, ev, h.format as WebhookFormat) } });
        queued++;
      } catch (err) {
        // Another caller queued it first (unique key): that is the deduplication working.
        if ((err as { code?: string }).code !== "P2002") throw err;
      }
    }
  }
  return queued;
}

export async function enqueueTest(webhookId: string): Promise<string> {
  const w = await prisma.webhook.findUnique({ where: { id: webhookId }, select: { id: true, name: true, format: true } });
  if (!w) throw new NotFoundError(`webhook ${webhookId}`);
  const d = await prisma.webhookDelivery.create({ data: { webhookId, eventKey: `test:${crypto.randomUUID()}`, type: "test", body: testBody(w, w.format as WebhookFormat) } });
  return d.id;
}

export async function getDelivery(id: string): Promise<ApiWebhookDelivery> {
  const d = await prisma.webhookDelivery.findUnique({ where: { id } });
  if (!d) throw new NotFoundError(`delivery ${id}`);
  return toApiDelivery(d);
}

export interface DeliveryToSend {
  id: string;
  type: string;
  body: string;
  attempts: number;
  webhook: { id: string; url: string; secret: string };
}

/** Takes a pending delivery that is due (pending → sending) so that no other loop sends it too. */
export async function claimDelivery(id: string): Promise<DeliveryToSend | null> {
  const r = await prisma.webhookDelivery.updateMany({ where: { id, status: "pending" }, data: { status: "sending" } });
  if (r.count === 0) return null;
  const d = await prisma.webhookDelivery.findUnique({ where: { id }, select: { id: true, type: true, body: true, attempts: true, webhook: { select: { id: true, url: true, secret: true } } } });
  return d;
}

export async function dueDeliveries(now = new Date(), limit = 20): Promise<string[]> {
  const rows = await prisma.webhookDelivery.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } }, orderBy: { nextAttemptAt: "asc" }, take: limit, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function nextPendingAt(): Promise<Date | null> {
  const r = await prisma.webhookDelivery.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
  return r?.nextAttemptAt ?? null;
}

export async function recordAttempt(
  id: string,
  outcome: { ok: true; status: number } | { ok: false; status: number | null; error: string; retryAt: Date | null },
): Promise<void> {
  const now = new Date();
  await prisma.webhookDelivery.update({
    where: { id },
    data: outcome.ok
      ? { status: "delivered", attempts: { increment: 1 }, lastStatus: outcome.status, lastError: null, deliveredAt: now }
      : { status: outcome.retryAt ? "pending" : "failed", attempts: { increment: 1 }, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: outcome.retryAt ?? now },
  });
}

/** At start: a delivery a stopped process was sending may not have arrived; send it again (receivers dedupe on X-Archgrid-Delivery). */
export async function requeueInterruptedDeliveries(): Promise<number> {
  return (await prisma.webhookDelivery.updateMany({ where: { status: "sending" }, data: { status: "pending" } })).count;
}

export { FINDING_TYPES };
