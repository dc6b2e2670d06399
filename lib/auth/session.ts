// Who is asking: a session cookie sealed by iron-session (no home-made crypto), or the admin token
// sent by a script as a bearer token. No variable is needed beyond the ones that switch sign-in
// on: the cookie key is derived from the admin token (or, with single sign-on only, the OIDC
// client secret), so every replica derives the same key and changing the secret signs everyone out.
import { hkdfSync, timingSafeEqual, createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { env, type Env } from "../env";

export const SESSION_COOKIE = "archgrid_session";
/** Sessions last 12 hours; then the user signs in again. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Viewer {
  /** Display name: "admin token", or the OIDC email / subject. */
  name: string;
  canWrite: boolean;
  via: "token" | "oidc" | "bearer";
}

interface SealedSession {
  viewer?: Viewer;
}

/** Whether any way to sign in is configured (then changes need a viewer who may write). */
export function signInConfigured(e: Env = env()): boolean {
  return Boolean(e.ARCHGRID_ADMIN_TOKEN || e.ARCHGRID_OIDC_ISSUER);
}

export function oidcConfigured(e: Env = env()): boolean {
  return Boolean(e.ARCHGRID_OIDC_ISSUER && e.ARCHGRID_OIDC_CLIENT_ID && e.ARCHGRID_OIDC_CLIENT_SECRET);
}

/** iron-session's password (≥ 32 characters), derived with HKDF from a secret the operator already set. */
export function sessionPassword(e: Env = env()): string | null {
  const secret = e.ARCHGRID_ADMIN_TOKEN ?? e.ARCHGRID_OIDC_CLIENT_SECRET;
  if (!secret) return null;
  return Buffer.from(hkdfSync("sha256", secret, "archgrid", "archgrid session cookie v1", 32)).toString("base64url");
}

export async function sealSession(viewer: Viewer): Promise<string> {
  const password = sessionPassword();
  if (!password) throw new Error("sessions need ARCHGRID_ADMIN_TOKEN or ARCHGRID_OIDC_CLIENT_SECRET");
  return sealData({ viewer } satisfies SealedSession, { password, ttl: SESSION_TTL_SECONDS });
}

/** Seals short-lived data (the OIDC state) with the same key. */
export async function sealShortLived(data: object, ttlSeconds: number): Promise<string> {
  const password = sessionPassword();
  if (!password) throw new Error("sealing needs ARCHGRID_ADMIN_TOKEN or ARCHGRID_OIDC_CLIENT_SECRET");
  return sealData(data, { password, ttl: ttlSeconds });
}

export async function unsealShortLived<T extends object>(seal: string | null): Promise<Partial<T>> {
  const password = sessionPassword();
  if (!password || !seal) return {};
  try {
    return (await unsealData<Partial<T>>(seal, { password, ttl: 0 })) ?? {};
  } catch {
    return {};
  }
}

export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first so lengths match and timingSafeEqual reveals nothing about the length either.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether `given` is the admin token (constant-time). */
export function isAdminToken(given: string, e: Env = env()): boolean {
  return Boolean(e.ARCHGRID_ADMIN_TOKEN) && sameSecret(given, e.ARCHGRID_ADMIN_TOKEN as string);
}

/** The bearer credential of an Authorization header; the scheme is case-insensitive (RFC 9110). */
export function bearerToken(header: string | null): string | null {
  const m = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return m ? m[1] : null;
}

/**
 * The viewer behind a request: a valid bearer admin token, else a valid session cookie, else null.
 * A wrong bearer token is not silently ignored: it is reported, so a script with a stale token
 * fails loudly instead of acting as an anonymous reader.
 */
export async function viewerOf(headers: Headers): Promise<Viewer | null | "bad-token"> {
  const bearer = bearerToken(headers.get("authorization"));
  if (bearer !== null) return isAdminToken(bearer) ? { name: "admin token", canWrite: true, via: "bearer" } : "bad-token";
  const password = sessionPassword();
  const seal = readCookie(headers.get("cookie"), SESSION_COOKIE);
  if (!password || !seal) return null;
  try {
    const data = await unsealData<SealedSession>(seal, { password, ttl: SESSION_TTL_SECONDS });
    const v = data?.viewer;
    return v && typeof v.name === "string" && typeof v.canWrite === "boolean" ? v : null;
  } catch {
    return null;
  }
}

/** Set-Cookie attributes: HttpOnly, SameSite=Lax (the OIDC redirect back is a cross-site GET), Secure on HTTPS. */
export function cookieOptions(secure: boolean, maxAge: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge };
}

/** HTTPS when the public URL says so, or when this request itself arrived over TLS. */
export function isSecureRequest(url: string, e: Env = env()): boolean {
  if (e.ARCHGRID_PUBLIC_URL) return e.ARCHGRID_PUBLIC_URL.startsWith("https:");
  return new URL(url).protocol === "https:";
}
