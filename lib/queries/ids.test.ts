// newId draws its random part from a pooled buffer: the format must stay what it was, and no id
// may repeat, across refills of the pool included (512 ids per 4 KiB).
import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("keeps the format: r + 9 base-36 time digits + 16 hex digits", () => {
    expect(newId()).toMatch(/^r[0-9a-z]{9}[0-9a-f]{16}$/);
  });

  it("never repeats, across many refills of the random pool", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(newId());
    expect(ids.size).toBe(20_000);
    // Within one millisecond only the random part tells ids apart: it must differ too.
    const randoms = new Set([...ids].map((id) => id.slice(10)));
    expect(randoms.size).toBe(20_000);
  });
});
