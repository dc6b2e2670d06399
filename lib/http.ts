// Response helpers for route handlers: one error envelope, one mapping from errors to statuses.
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, UnauthorizedError, ValidationError } from "./errors";
import { RegistryError } from "./registry";
import { env } from "./env";

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

/** Reads and validates a JSON body; a malformed or invalid body is a 400, never a 500. */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  const text = await req.text();
  if (text.length > 1_000_000) throw new ValidationError("request body is larger than 1 MB");
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    throw new ValidationError("request body is not valid JSON");
  }
  return validate(schema, raw);
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

/** When ARCHGRID_ADMIN_TOKEN is set, every mutating route requires it as a bearer token. */
export function authorize(req: Request): void {
  const token = env().ARCHGRID_ADMIN_TOKEN;
  if (!token) return;
  const header = req.headers.get("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7) : "";
  if (!timingSafeEqualStr(given, token)) throw new UnauthorizedError();
}

function timingSafeEqualStr(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Wraps a handler so that every error becomes the envelope. */
export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (e) {
      return handleError(e);
    }
  };
}
