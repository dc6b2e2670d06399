// A real, certified OpenID provider (the `oidc-provider` package) on loopback for the single
// sign-on specs. Its development login form accepts any login; the account's email is
// "<login>@example.org" and its groups come from `groupsOf`.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { freePort } from "../fixtures/registry";

export interface RunningProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcProvider(opts: { redirectUri: string; groupsOf: (login: string) => string[] }): Promise<RunningProvider> {
  // ESM-only package: loaded with import() from these CommonJS-compiled specs.
  const { default: Provider } = (await import("oidc-provider")) as typeof import("oidc-provider");
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "archgrid-e2e";
  const clientSecret = "e2e-oidc-client-secret-0123456789abcdef";
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [opts.redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: `${id}@example.org`, email_verified: true, name: id, groups: opts.groupsOf(id) }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["e2e-oidc-cookie-key-0123456789"] },
    pkce: { required: () => true },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  if ((server.address() as AddressInfo).port !== port) throw new Error("oidc-provider did not bind its port");
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
