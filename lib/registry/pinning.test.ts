// Every outbound request connects to the address the policy judged (http.ts checkedRequest):
// no second DNS lookup by the socket, so a name that rebinds between check and connect cannot
// move the connection (issue 10). The hostile-registry suite (test/attacks/) shows the refusing
// side; these show the judged address is the one used.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddressPolicy } from "./address";
import { RegistryClient } from "./client";
import { RegistryError } from "./errors";
import { checkedRequest } from "./http";
import { parseReference } from "./reference";

const DIGEST = `sha256:${"cd".repeat(32)}`;
let server: http.Server;
let port: number;
const hosts: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hosts.push(req.headers.host ?? "");
    res.writeHead(200, { "Content-Type": "application/vnd.oci.image.manifest.v1+json", "Docker-Content-Digest": DIGEST, "Content-Length": "0" });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const anonymous = { get: async () => undefined };

describe("the connection goes to the judged address", () => {
  it("a name only the policy's resolver knows is reached at the address it answered (the socket does not look it up again)", async () => {
    // "rebind.invalid" does not exist in DNS: a second lookup by the socket would fail with ENOTFOUND.
    const c = new RegistryClient({ insecureRegistries: [`rebind.invalid:${port}`], lookup: async () => ["127.0.0.1"], credentials: anonymous, maxRetries: 0 });
    const h = await c.headManifest(parseReference(`rebind.invalid:${port}/team/app`), "1", { fallbackGet: false });
    expect(h.digest).toBe(DIGEST);
    expect(hosts.at(-1)).toBe(`rebind.invalid:${port}`); // Host header (and TLS SNI) keep the name
  });

  it("several judged addresses: the connect may try each of them (IPv6 first, server on IPv4 only)", async () => {
    const c = new RegistryClient({ insecureRegistries: [`dual.invalid:${port}`], lookup: async () => ["::1", "127.0.0.1"], credentials: anonymous, maxRetries: 0 });
    expect((await c.headManifest(parseReference(`dual.invalid:${port}/team/app`), "1", { fallbackGet: false })).digest).toBe(DIGEST);
  });

  it("checkedRequest is the one way out for anything else (e.g. a webhook): a loopback target for a public owner is refused before connecting", async () => {
    const before = hosts.length;
    const policy = new AddressPolicy([]);
    const e = await checkedRequest(policy, new URL(`http://127.0.0.1:${port}/hook`), "hooks.example.com").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).message).toContain("refused by policy");
    const e2 = await checkedRequest(new AddressPolicy([], async () => ["10.0.0.7"]), new URL("https://hooks.example.com/x"), "hooks.example.com").catch((x: unknown) => x);
    expect((e2 as RegistryError).code).toBe("blocked-address");
    expect(hosts.length).toBe(before);
  });
});
