// Test fixture: a hostile registry on loopback, and a canary that must never be contacted.
// The hostile registry answers each request with whatever attack the test chose (a challenge
// naming another registry's realm or repository, a realm or redirect on the canary, endless
// pages, poisoned messages), and records every request it receives with its Authorization header,
// so a test can show that nothing belonging to another registry reached it.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  path: string;
  authorization?: string;
  host?: string;
}

/** Answers one request; return false to fall through to a plain 404. */
export type Attack = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | void;

export interface HostileRegistry {
  /** "127.0.0.1:PORT", as a registry in a Reference. */
  host: string;
  url: string;
  /** The attack answering the next requests (replace it between steps). */
  attack: Attack;
  seen: Seen[];
  stop(): Promise<void>;
}

export interface Canary {
  host: string;
  port: number;
  /** Connections accepted (a TLS hello, an HTTP request or a bare connect all count). */
  connections: number;
  /** Every byte received. */
  bytes: Buffer[];
  received(): string;
  stop(): Promise<void>;
}

async function listen(server: net.Server, address = "127.0.0.1", port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** A raw TCP listener that records and answers nothing: any contact at all is a failure. */
export async function startCanary(address = "127.0.0.1"): Promise<Canary> {
  const sockets = new Set<net.Socket>();
  const canary: Canary = {
    host: "",
    port: 0,
    connections: 0,
    bytes: [],
    received: () => Buffer.concat(canary.bytes).toString("latin1"),
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((socket) => {
    canary.connections++;
    sockets.add(socket);
    socket.on("data", (d: Buffer) => canary.bytes.push(d));
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  canary.port = await listen(server, address);
  canary.host = `${address}:${canary.port}`;
  return canary;
}

/** Binds 127.0.0.2 when the system allows it (Linux does), else 127.0.0.1: "another host" on loopback. */
export async function otherLoopback(): Promise<string> {
  const probe = net.createServer();
  try {
    await listen(probe, "127.0.0.2");
    return "127.0.0.2";
  } catch {
    return "127.0.0.1";
  } finally {
    await new Promise<void>((r) => probe.close(() => r()));
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
  return true;
}

/** A Distribution-style 401 asking for a bearer token. */
export function bearerChallenge(res: http.ServerResponse, realm: string, service: string, scope?: string): true {
  const params = [`realm="${realm}"`, `service="${service}"`, ...(scope ? [`scope="${scope}"`] : [])].join(",");
  return sendJson(res, 401, { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }, { "WWW-Authenticate": `Bearer ${params}` });
}

export async function startHostileRegistry(address = "127.0.0.1", port = 0): Promise<HostileRegistry> {
  const sockets = new Set<net.Socket>();
  const hostile: HostileRegistry = {
    host: "",
    url: "",
    attack: () => false,
    seen: [],
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "x"}`);
    hostile.seen.push({ method: req.method ?? "GET", path: url.pathname + url.search, authorization: req.headers.authorization, host: req.headers.host });
    if (hostile.attack(req, res, url) !== true && !res.headersSent) sendJson(res, 404, { errors: [{ code: "NAME_UNKNOWN", message: "nothing here" }] });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const bound = await listen(server, address, port);
  hostile.host = `${address}:${bound}`;
  hostile.url = `http://${hostile.host}`;
  return hostile;
}
