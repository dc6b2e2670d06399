// Test-only helpers shared by the server-backed tests: servers cleaned up after each test,
// a client that trusts them, a token server playing auth.docker.io.
import { afterEach } from "vitest";
import { RegistryClient, type RegistryClientOptions } from "../../lib/registry/client";
import type { CredentialSource } from "../../lib/registry/credentials";
import { RegistryError } from "../../lib/registry/errors";
import { FakeRegistry, type TestServer, sendError, serve } from "./fake-registry";

export const anonymous: CredentialSource = { get: async () => undefined };
const cleanup: Array<() => Promise<void>> = [];

/** Registers the after-each cleanup; call once at the top of a test file. */
export function useServers(): void {
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
}

/** A fake registry holding team/app:1 (linux/amd64), closed after the test. */
export async function registry(): Promise<FakeRegistry> {
  const r = await new FakeRegistry().start();
  cleanup.push(() => r.server.close());
  r.putImage("team/app", "1", { os: "linux", architecture: "amd64" });
  return r;
}

export async function server(handler: Parameters<typeof serve>[0]): Promise<TestServer> {
  const s = await serve(handler);
  cleanup.push(() => s.close());
  return s;
}

/** Closes a server early (e.g. to get a port nobody listens on). */
export async function closeNow(s: TestServer): Promise<void> {
  const i = cleanup.length - 1;
  await s.close();
  if (i >= 0) cleanup.splice(i, 1);
}

export function client(hosts: string[], extra: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ insecureRegistries: hosts, credentials: anonymous, backoffBaseMs: 10, ...extra });
}

export async function failure(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error("expected a RegistryError");
}

/** A token server playing auth.docker.io: checks service+scope, optional Basic credentials. */
export async function tokenServer(opts: { user?: string; pass?: string; expiresIn?: number } = {}) {
  const issued: Array<{ scope: string | null; service: string | null; basic: boolean }> = [];
  const s = await server((req, res, url) => {
    const auth = req.headers.authorization;
    if (opts.user) {
      const want = `Basic ${Buffer.from(`${opts.user}:${opts.pass}`).toString("base64")}`;
      if (auth !== want) return sendError(res, 401, "UNAUTHORIZED", "bad credentials");
    }
    issued.push({ scope: url.searchParams.get("scope"), service: url.searchParams.get("service"), basic: Boolean(auth) });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: `tok-${url.searchParams.get("scope")}`, ...(opts.expiresIn ? { expires_in: opts.expiresIn } : {}) }));
  });
  return { s, issued };
}

/** Makes a registry demand `Bearer tok-<scope>` as distribution does with auth.token. */
export function requireBearer(reg: FakeRegistry, realm: string) {
  reg.hook = (req, res, url) => {
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags)\//.exec(url.pathname);
    const scope = m ? `repository:${m[1]}:pull` : "registry:catalog:*";
    if (req.headers.authorization === `Bearer tok-${scope}`) return false;
    sendError(res, 401, "UNAUTHORIZED", "authentication required", {
      "WWW-Authenticate": `Bearer realm="${realm}",service="test-registry",scope="${scope}"`,
    });
    return true;
  };
}
