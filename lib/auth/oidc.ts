// OpenID Connect single sign-on through openid-client (authorization code + PKCE, state and nonce
// checked by the library). Who may change things: the emails or groups in ARCHGRID_OIDC_WRITERS;
// everyone else the provider signs in may read. An empty list lets every signed-in user write.
import * as client from "openid-client";
import { env, type Env } from "../env";
import type { Viewer } from "./session";

export const OIDC_STATE_COOKIE = "archgrid_oidc";
/** The round trip through the provider must finish within 10 minutes. */
export const OIDC_STATE_TTL_SECONDS = 600;

export interface OidcState {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

const cache = globalThis as unknown as { archgridOidc?: { key: string; config: Promise<client.Configuration> } };

function isLoopback(url: URL): boolean {
  return url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
}

/** The provider's discovered configuration, fetched once per process (and again after a failure). */
export function oidcConfig(e: Env = env()): Promise<client.Configuration> {
  const issuer = new URL(e.ARCHGRID_OIDC_ISSUER as string);
  const key = `${issuer.href}|${e.ARCHGRID_OIDC_CLIENT_ID}`;
  if (cache.archgridOidc?.key === key) return cache.archgridOidc.config;
  // Plain HTTP only for a provider on this machine (tests, a local Dex); elsewhere HTTPS.
  const options = issuer.protocol === "http:" && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined;
  const config = client.discovery(issuer, e.ARCHGRID_OIDC_CLIENT_ID as string, e.ARCHGRID_OIDC_CLIENT_SECRET as string, undefined, options);
  cache.archgridOidc = { key, config };
  config.catch(() => {
    if (cache.archgridOidc?.config === config) cache.archgridOidc = undefined;
  });
  return config;
}

/** Starts a sign-in: the provider's URL to send the browser to, and the checks to keep in a sealed cookie. */
export async function startSignIn(redirectUri: string, next: string): Promise<{ url: URL; state: OidcState }> {
  const config = await oidcConfig();
  const state: OidcState = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(state.verifier),
    code_challenge_method: "S256",
    state: state.state,
    nonce: state.nonce,
  });
  return { url, state };
}

/** Finishes a sign-in: exchanges the code (checking state, nonce and PKCE) and decides what the user may do. */
export async function finishSignIn(callbackUrl: URL, saved: OidcState): Promise<Viewer> {
  const config = await oidcConfig();
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: saved.verifier,
    expectedState: saved.state,
    expectedNonce: saved.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error("the provider sent no ID token");
  // Providers often keep email and groups out of the ID token; the userinfo endpoint has them.
  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  const email = stringClaim(info.email) ?? stringClaim(claims.email);
  const groups = [...listClaim(info.groups), ...listClaim(claims.groups)];
  return { name: email ?? stringClaim(info.name) ?? claims.sub, canWrite: mayWrite(email, groups), via: "oidc" };
}

/** Whether a user with this email and groups may change things (case-insensitive, exact entries). */
export function mayWrite(email: string | undefined, groups: string[], writers: string[] = env().ARCHGRID_OIDC_WRITERS): boolean {
  if (writers.length === 0) return true;
  const mine = new Set([...(email ? [email] : []), ...groups].map((s) => s.toLowerCase()));
  return writers.some((w) => mine.has(w));
}

function stringClaim(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function listClaim(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === "string") : [];
}
