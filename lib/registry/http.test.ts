// The lean exchange under the transport (http.ts rawRequest): header lookup as WHATWG Headers does
// it, bounded reads, connection reuse after a discarded body, and the one-timer deadline. Against a
// real node:http server on loopback; the registry-level behaviour is in transport.test.ts and
// client-faults.integration.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PinnedAddress } from "./address";
import { BodyTooLarge } from "./body";
import { Deadline, rawRequest } from "./http";

let server: http.Server;
let base: string;
const ports: number[] = [];
const pin: PinnedAddress = { address: "127.0.0.1", family: 4, addresses: [{ address: "127.0.0.1", family: 4 }], public: true };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    const path = req.url ?? "";
    if (path === "/dup") {
      res.setHeader("X-Thing", ["a", "b"]);
      res.setHeader("Docker-Content-Digest", "sha256:abc");
      res.end("ok");
    } else if (path === "/big-chunked") {
      res.write(Buffer.alloc(6000, 0x61));
      res.end(Buffer.alloc(6000, 0x62));
    } else if (path === "/big-declared") {
      res.setHeader("Content-Length", "20000");
      res.end(Buffer.alloc(20000, 0x61));
    } else if (path === "/cut") {
      res.setHeader("Content-Length", "100");
      res.write("partial", () => res.socket?.destroy());
    } else if (path === "/stall") {
      res.write("head");
    } else {
      res.statusCode = 401;
      res.end('{"errors":[]}');
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (path: string, deadline?: Deadline) => rawRequest(new URL(base + path), pin, { method: "GET", headers: ["User-Agent", "test"], deadline });

describe("rawRequest", () => {
  it("looks headers up case-insensitively and joins repeated fields with a comma, as WHATWG Headers.get", async () => {
    const res = await get("/dup");
    expect(res.headers.get("x-thing")).toBe("a, b");
    expect(res.headers.get("DOCKER-CONTENT-DIGEST")).toBe("sha256:abc");
    expect(res.headers.get("absent")).toBeNull();
    expect((await res.readCapped(100)).toString()).toBe("ok");
  });

  it("stops reading past the cap, whether the size is declared or not", async () => {
    const chunked = await get("/big-chunked");
    const e1 = await chunked.readCapped(10_000).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(BodyTooLarge);
    expect((e1 as BodyTooLarge).declared).toBeUndefined();
    const declared = await get("/big-declared");
    const e2 = await declared.readCapped(10_000).catch((e: unknown) => e);
    expect((e2 as BodyTooLarge).declared).toBe(20000);
    expect((await (await get("/big-chunked")).readCapped(12_000)).length).toBe(12_000);
  });

  it("truncates an error body instead of failing", async () => {
    expect(await (await get("/big-chunked")).readTruncated(10)).toBe("aaaaaaaaaa");
    expect(await (await get("/cut")).readTruncated(1000)).toBe("");
  });

  it("a connection cut mid-body rejects like fetch (a TypeError with the cause)", async () => {
    const e = await (await get("/cut")).readCapped(1000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect((e as TypeError).cause).toBeDefined();
  });

  it("a discarded complete body (a 401, a redirect) leaves the connection for the next request", async () => {
    ports.length = 0;
    const first = await get("/401");
    expect(first.status).toBe(401);
    first.discard();
    // The drained socket goes back to the agent once its end is read (the transport awaits a token or a policy check meanwhile).
    await new Promise((r) => setTimeout(r, 20));
    await (await get("/401")).readTruncated(100);
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });

  it("the deadline destroys the request in flight, and any request started after it passed", async () => {
    const deadline = new Deadline(150);
    const res = await get("/stall", deadline);
    const t0 = Date.now();
    const e = await res.readCapped(1000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(deadline.expired).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    const late = await get("/dup", deadline).catch((x: unknown) => x);
    expect(late).toBeInstanceOf(TypeError);
    deadline.clear();
  });
});
