// A RegistryError from another module copy (Next's instrumentation bundle vs a route bundle, the
// scan engine's client shared through globalThis) is still a RegistryError: the PostgreSQL e2e pass
// showed the add form's registry check answering "unexpected error" when it was not.
import { describe, expect, it, vi } from "vitest";

async function freshCopy() {
  vi.resetModules();
  return import("./errors");
}

describe("RegistryError across module copies", () => {
  it("is recognised by instanceof in another copy of the module", async () => {
    const a = await freshCopy();
    const b = await freshCopy();
    expect(a.RegistryError).not.toBe(b.RegistryError); // really two copies
    const e = new a.RegistryError("repository-not-found", "registry r says repository x does not exist");
    expect(e instanceof b.RegistryError).toBe(true);
    expect(e instanceof a.RegistryError).toBe(true);
    expect(e instanceof Error).toBe(true);
  });

  it("is not claimed for other errors, look-alikes or non-objects", async () => {
    const { RegistryError } = await freshCopy();
    expect(new Error("x") instanceof RegistryError).toBe(false);
    expect({ name: "RegistryError", code: "repository-not-found" } instanceof RegistryError).toBe(false);
    expect((null as unknown) instanceof RegistryError).toBe(false);
    expect(("RegistryError" as unknown) instanceof RegistryError).toBe(false);
  });
});
