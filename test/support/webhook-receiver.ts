// Test-only: a webhook receiver on 127.0.0.1 that checks each delivery's signature the way the
// README tells receivers to (HMAC-SHA256 over `t.body`), and records what it got. `fail` answers the first n requests 500.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, timingSafeEqual } from "node:crypto";

/** The receiver's check, written apart from lib/webhooks (as the README's snippet): a signer and a checker that shared a bug would agree. */
function verify(secret: string, header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m || Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2], "hex"));
}

export interface Received {
  delivery: string;
  event: string;
  signatureOk: boolean;
  body: Record<string, unknown>;
  at: number;
}

export interface Receiver {
  host: string;
  url: string;
  received: Received[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startReceiver(secret: string, opts: { fail?: number } = {}): Promise<Receiver> {
  const received: Received[] = [];
  let failuresLeft = opts.fail ?? 0;
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      received.push({
        delivery: String(req.headers["x-archgrid-delivery"]),
        event: String(req.headers["x-archgrid-event"]),
        signatureOk: verify(secret, req.headers["x-archgrid-signature"] as string | undefined, raw),
        body: JSON.parse(raw) as Record<string, unknown>,
        at: Date.now(),
      });
      if (failuresLeft > 0) {
        failuresLeft--;
        res.statusCode = 500;
      } else res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
