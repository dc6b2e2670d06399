import { describe, expect, it } from "vitest";
import { gridHrefFor } from "./grid-link";

describe("gridHrefFor", () => {
  it.each([
    [[], "/grid"],
    [["ghcr.io/acme/api"], "/grid?q=ghcr.io%2Facme%2Fapi"],
    [["ghcr.io/acme/api", "ghcr.io/acme/app"], "/grid?q=ghcr.io%2Facme%2F"],
    [["localhost:5000/e2e/many/a", "localhost:5000/e2e/many/b", "localhost:5000/e2e/other/c"], "/grid?q=localhost%3A5000%2Fe2e%2F"],
    [["ghcr.io/acme/api", "quay.io/acme/api"], "/grid"],
  ])("%o -> %s", (refs, want) => {
    expect(gridHrefFor(refs)).toBe(want);
  });
});
