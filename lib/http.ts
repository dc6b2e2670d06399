// Response helpers for route handlers: one error envelope, one mapping from errors to statuses.
import { NextResponse } from "next/server";
import { z } from "zod";
import {
  AppError,
  ForbiddenError,
  MisdirectedRequestError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors";
import { MUTATING_METHODS, crossSiteReason, hostAllowed, mediaType, warnRefusedHostOnce } from "./auth/request-checks";
import { signInConfigured, viewerOf, type Viewer } from "./auth/session";
import { RegistryError } from "./registry";
import { env } from "./env";
import { timeRequest } from "./metrics/process";

export function json<T>(body: T, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export function errorResponse(status: number, code: string, message: string, extra: Record<string, unknown> = {}): NextResponse {
  return NextResponse.json({ error: { code, message, ...extra } }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Maps any thrown value to the error envelope; unexpected errors are logged and answered 500. */
export function handleError(e: unknown): NextResponse {
  if (e instanceof AppError) return errorResponse(e.status, e.code, e.message);
  if (e instanceof RegistryError) {
    const status = e.code === "invalid-reference" ? 400 : 502;
    return errorResponse(status, e.code, e.message, e.registryCode ? { registryCode: e.registryCode } : {});
  }
  console.error("archgrid: unexpected error", e);
  return errorResponse(500, "internal-error", "archgrid hit an unexpected error; see the server log");
}

export const JSON_BODY_LIMIT = 1_000_000;
const JSON_TYPES = ["application/json"] as const;

/** Reads and validates a JSON body; a malformed or invalid body is a 400, never a 500. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  if (mediaType(req.headers.get("content-type")) !== "application/json") throw new UnsupportedMediaTypeError(JSON_TYPES);
  const text = await readText(req, JSON_BODY_LIMIT);
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    throw new ValidationError("request body is not valid JSON");
  }
  return validate(schema, raw);
}

/**
 * Reads a body of at most `limit` bytes: refused up front by Content-Length, and cut off while
 * streaming (a body sent chunked, or with a lying length), so an oversized upload never sits in
 * memory whole.
 */
export async function readText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export function validate<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ValidationError(`${where}${issue.message}`);
  }
  return parsed.data;
}

export interface RouteOptions {
  /** Sign-in routes: reachable without a session even when reads require one. */
  public?: boolean;
  /** Body media types a mutating route accepts (default: application/json or no body). */
  bodyTypes?: readonly string[];
}

/**
 * The request checks every API route passes before its own code runs, in the handler itself
 * (not only in proxy.ts): the Host must be ours (421), a state-changing request must not come
 * from another site (403) nor in a type a cross-site form can send (415), and the caller must be
 * allowed to read or write (401/403).
 */
export async function checkRequest(req: Request, opts: RouteOptions = {}): Promise<Viewer | null> {
  const e = env();
  const host = req.headers.get("host");
  if (!hostAllowed(host, e.ARCHGRID_PUBLIC_URL)) {
    warnRefusedHostOnce(host);
    throw new MisdirectedRequestError(host ?? "");
  }
  const mutating = MUTATING_METHODS.has(req.method);
  if (mutating) {
    const why = crossSiteReason(req.headers, e.ARCHGRID_PUBLIC_URL);
    if (why) throw new ForbiddenError(`${why}; archgrid only accepts changes from its own pages or from scripts`, "cross-site-request");
    const type = mediaType(req.headers.get("content-type"));
    const allowed = opts.bodyTypes ?? JSON_TYPES;
    if (type && !allowed.includes(type)) throw new UnsupportedMediaTypeError(allowed);
  }
  const viewer = await viewerOf(req.headers);
  if (viewer === "bad-token") throw new UnauthorizedError("the bearer token is not ARCHGRID_ADMIN_TOKEN");
  if (opts.public) return viewer;
  if (mutating && signInConfigured(e)) {
    if (!viewer) throw new UnauthorizedError();
    if (!viewer.canWrite) throw new ForbiddenError(`${viewer.name} may read but not change anything here (ARCHGRID_OIDC_WRITERS)`);
  }
  if (!mutating && e.ARCHGRID_READ_REQUIRES_SIGN_IN && !viewer) throw new UnauthorizedError();
  return viewer;
}

/** Wraps a handler so that the request checks run first and every error becomes the envelope. */
export function route<A extends [Request, ...unknown[]]>(fn: (...args: A) => Promise<Response>, opts: RouteOptions = {}) {
  return async (...args: A): Promise<Response> => {
    const done = timeRequest(args[0]);
    let res: Response;
    try {
      await checkRequest(args[0], opts);
      res = await fn(...args);
    } catch (e) {
      res = handleError(e);
    }
    done(res.status);
    return res;
  };
}
