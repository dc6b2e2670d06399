// An AppError thrown by another copy of lib/errors (the scan engine created by Next's
// instrumentation bundle, shared through globalThis) still maps to its HTTP status: the PostgreSQL
// fuzz run got a 500 for POST /api/scans/x/cancel, a NotFoundError the route did not recognise.
import { describe, expect, it, vi } from "vitest";

async function freshCopy() {
  vi.resetModules();
  return import("./errors");
}

describe("AppError across module copies", () => {
  it("an error from another copy is an AppError to this one, with its status", async () => {
    const a = await freshCopy();
    const b = await freshCopy();
    expect(a.AppError).not.toBe(b.AppError); // really two copies
    const e = new a.NotFoundError("scan x");
    expect(e instanceof b.AppError).toBe(true);
    expect((e as InstanceType<typeof b.AppError>).status).toBe(404);
  });

  it("subclasses keep the ordinary check; other errors are not claimed", async () => {
    const { AppError, NotFoundError, ValidationError } = await freshCopy();
    expect(new NotFoundError("x") instanceof NotFoundError).toBe(true);
    expect(new NotFoundError("x") instanceof ValidationError).toBe(false);
    expect(new ValidationError("x") instanceof AppError).toBe(true);
    expect(new Error("x") instanceof AppError).toBe(false);
    expect({ code: "not-found", status: 404 } instanceof AppError).toBe(false);
  });
});
