// Domain errors and the one place that maps them to HTTP statuses.

/**
 * Next.js loads lib/ more than once in one server process (the instrumentation hook and each route
 * bundle are separate module copies), and the scan engine is shared through globalThis: on
 * PostgreSQL the hook creates it, so `getScan` inside it throws another copy's NotFoundError.
 * `x instanceof AppError` therefore checks a process-wide brand; subclasses keep the usual check.
 */
const APP_ERROR = Symbol.for("archgrid.AppError");

export class AppError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[APP_ERROR] === true;
  }

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AppError";
    Object.defineProperty(this, APP_ERROR, { value: true });
  }
}

export class ValidationError extends AppError {
  constructor(message: string, code = "invalid-request") {
    super(code, message, 400);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not-found", `${what} was not found`, 404);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 409);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "sign in first (scripts send Authorization: Bearer <ARCHGRID_ADMIN_TOKEN>)") {
    super("unauthorized", message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, code = "forbidden") {
    super(code, message, 403);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("body-too-large", `request body is larger than ${formatBytes(limitBytes)}`, 413);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(allowed: readonly string[]) {
    super("unsupported-media-type", `send the body with Content-Type: ${allowed.join(" or ")}`, 415);
  }
}

/** The Host header names a host this server does not answer to (DNS rebinding, a stray proxy). */
export class MisdirectedRequestError extends AppError {
  constructor(host: string) {
    super(
      "unknown-host",
      `archgrid does not answer to the host "${host}": set ARCHGRID_PUBLIC_URL to the address users open (for example https://archgrid.example.org)`,
      421,
    );
  }
}

function formatBytes(n: number): string {
  return n % 1_000_000 === 0 ? `${n / 1_000_000} MB` : `${n} bytes`;
}
