// The delivery loop: sends due deliveries (signed, through the address policy), records every
// attempt in the delivery log, and retries failures with exponential backoff. Process-wide, one
// loop; a timer wakes it for the next retry. State lives in the database, so a restart resumes.
import { checkedRequest, parseRetryAfter } from "../registry";
import { claimDelivery, dueDeliveries, enqueueFindings, nextPendingAt, recordAttempt, requeueInterruptedDeliveries, type DeliveryToSend } from "../queries/webhooks";
import { ownerOf, policyRefusal, webhookPolicy } from "./policy";
import { SIGNATURE_HEADER, signatureHeader } from "./sign";

/** Attempts per delivery before it is marked failed. */
export const MAX_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;
const MAX_DELAY_MS = 3600_000;

function baseDelayMs(): number {
  const v = Number(process.env.ARCHGRID_WEBHOOK_RETRY_BASE_MS);
  return Number.isFinite(v) && v > 0 ? v : 10_000;
}

/** Delay after the n-th failed attempt: base × 4^(n-1), ±20 % jitter, capped at an hour (10 s, 40 s, 160 s, ~11 min, ~43 min by default). */
export function retryDelay(attempt: number, retryAfterMs: number | null = null, base = baseDelayMs()): number {
  const d = base * 4 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
  return Math.min(MAX_DELAY_MS, Math.max(d, retryAfterMs ?? 0));
}

/** Retry-After in ms (capped at an hour), or null. */
function retryAfterMs(v: string | null): number | null {
  const s = parseRetryAfter(v, Date.now(), MAX_DELAY_MS / 1000);
  return s === undefined ? null : s * 1000;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; permanent: boolean; retryAfterMs: number | null };

async function send(d: DeliveryToSend): Promise<Outcome> {
  let url: URL;
  try {
    url = new URL(d.webhook.url);
  } catch {
    return { ok: false, status: null, error: "the webhook URL is not a valid URL", permanent: true, retryAfterMs: null };
  }
  const policy = webhookPolicy();
  try {
    const { res } = await checkedRequest(policy, url, ownerOf(url), {
      method: "POST",
      body: d.body,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "archgrid-webhooks/1",
        "X-Archgrid-Event": d.type,
        "X-Archgrid-Delivery": d.id,
        [SIGNATURE_HEADER]: signatureHeader(d.webhook.secret, d.body),
      },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The answer's body is not used: drop it without reading a possibly large stream.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `the receiver answered HTTP ${res.status}`, permanent: false, retryAfterMs: retryAfterMs(res.headers.get("retry-after")) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "blocked-address") return { ok: false, status: null, error: policyRefusal(url), permanent: true, retryAfterMs: null };
    if (code === "registry-unavailable") return { ok: false, status: null, error: `cannot resolve ${url.hostname}`, permanent: false, retryAfterMs: null };
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    const why = (e as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : cause ? `connection failed (${cause})` : "connection failed";
    return { ok: false, status: null, error: why, permanent: false, retryAfterMs: null };
  }
}

/** Sends one claimed delivery and records the attempt. */
async function attempt(d: DeliveryToSend): Promise<void> {
  const out = await send(d);
  if (out.ok) return recordAttempt(d.id, out);
  const n = d.attempts + 1;
  const retryAt = out.permanent || n >= MAX_ATTEMPTS ? null : new Date(Date.now() + retryDelay(n, out.retryAfterMs));
  await recordAttempt(d.id, { ok: false, status: out.status, error: out.error, retryAt });
}

class Dispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  /** Runs the loop now (or once more after the current pass). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop()
      .catch((e) => console.error("archgrid: webhook delivery loop failed:", (e as Error).message))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (let ids = await dueDeliveries(); ids.length > 0; ids = await dueDeliveries()) {
        await Promise.all(
          ids.map(async (id) => {
            const d = await claimDelivery(id);
            if (d) await attempt(d);
          }),
        );
      }
    } while (this.again);
    this.schedule(await nextPendingAt());
  }

  private schedule(at: Date | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!at) return;
    this.timer = setTimeout(() => void this.kick(), Math.max(0, at.getTime() - Date.now()));
    // A pending retry must not keep a CLI or test process alive.
    this.timer.unref();
  }

  /** Sends this one delivery now (the "send test" button waits for its first attempt). */
  async sendNow(id: string): Promise<void> {
    const d = await claimDelivery(id);
    if (d) await attempt(d);
    void this.kick();
  }
}

const g = globalThis as unknown as { archgridWebhooks?: Dispatcher };

export function dispatcher(): Dispatcher {
  g.archgridWebhooks ??= new Dispatcher();
  return g.archgridWebhooks;
}

/** After a scan wrote change events: queue their findings and send them. Never throws (a scan must not fail because of a webhook). */
export async function notifyFindings(): Promise<void> {
  try {
    if ((await enqueueFindings()) > 0) await dispatcher().kick();
  } catch (e) {
    console.error("archgrid: could not queue webhook deliveries:", (e as Error).message);
  }
}

/** At server start: resume what a stopped process left (interrupted sends, pending retries, findings not queued). */
export async function startWebhooks(): Promise<void> {
  await requeueInterruptedDeliveries();
  await enqueueFindings();
  void dispatcher().kick();
}
