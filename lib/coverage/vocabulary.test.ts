import { describe, expect, it } from "vitest";
import { CELL_STATE_WORDS, repositoryVerdict, tagStatus } from "./vocabulary";
import { columnFigures, scannedNote } from "./figures";
import type { CellState } from "../api-types";

const cells = (m: Record<string, CellState>) => Object.fromEntries(Object.entries(m).map(([k, state]) => [k, { state }]));

describe("repositoryVerdict speaks the strip's words", () => {
  it("a column missing in one tag of two is Partial, never Missing", () => {
    const v = repositoryVerdict({ status: "ok", cells: cells({ amd64: "present", arm64: "partial", s390x: "missing" }) });
    expect(v).toEqual({ state: "missing", label: "Missing s390x · Partial arm64" });
  });
  it("every word it uses is a cell state's label", () => {
    const v = repositoryVerdict({ status: "ok", cells: cells({ arm: "mismatch", arm64: "separate-image", ppc64le: "partial" }) });
    expect(v.label).toBe(`${CELL_STATE_WORDS.mismatch.label} arm · ${CELL_STATE_WORDS["separate-image"].label} arm64 · ${CELL_STATE_WORDS.partial.label} ppc64le`);
  });
  it("all present, and nothing read", () => {
    expect(repositoryVerdict({ status: "ok", cells: cells({ amd64: "present" }) })).toEqual({ state: "present", label: "Present: every architecture" });
    expect(repositoryVerdict({ status: "error", cells: cells({ amd64: "unknown" }) })).toEqual({ state: "unknown", label: "Scan failed" });
    expect(repositoryVerdict({ status: "pending", cells: cells({ amd64: "unknown" }) })).toEqual({ state: "unknown", label: "Not scanned yet" });
  });
});

describe("tagStatus uses the repository codes (CSV and JSON agree)", () => {
  it.each([
    [{ digest: "sha256:x" }, "error", "ok"],
    [{ digest: null, error: { code: "x" } }, "ok", "error"],
    [{ digest: null }, "pending", "pending"],
  ] as const)("%j in a %s repository is %s", (tag, repo, want) => expect(tagStatus(tag, repo)).toBe(want));
});

describe("columnFigures", () => {
  it("1 of 34 scanned: 100% of what was scanned, said with its base, and a bar that is 1/34 green", () => {
    const f = columnFigures({ complete: 1, partial: 0, missing: 0, unknown: 33 });
    expect(f.completePercent).toBe(100);
    expect(f.sentence).toBe("100% in every tag · 1 of 34 scanned");
    expect(f.bar.complete).toBeCloseTo(100 / 34);
    expect(f.bar.unscanned).toBeCloseTo((33 * 100) / 34);
  });
  it("nothing scanned shows no percentage", () => {
    expect(columnFigures({ complete: 0, partial: 0, missing: 0, unknown: 5 }).sentence).toBe("nothing scanned yet · 0 of 5 scanned");
  });
  it("partial and missing over scanned only", () => {
    const f = columnFigures({ complete: 1, partial: 1, missing: 2, unknown: 6 });
    expect([f.completePercent, f.partialPercent]).toEqual([25, 25]);
    expect(f.sentence).toBe("25% in every tag, 25% in some tags, 2 missing · 4 of 10 scanned");
    expect(f.bar.complete + f.bar.partial + f.bar.missing + f.bar.unscanned).toBeCloseTo(100);
  });
  it("says all when all", () => expect(scannedNote(3, 3)).toBe("all 3 scanned"));
});

import { effectiveTagError, errorsOnce } from "./vocabulary";

describe("errorsOnce", () => {
  const err = { code: "tag-not-found", message: "acme/apii:latest: manifest unknown" };
  it("a repository whose only tag failed shows its error once, the note and tag line point back", () => {
    const e = errorsOnce({ status: "error", error: err }, [err.message]);
    expect(e.banner).toBe(err.message);
    expect(e.notes).toEqual([]);
    expect(e.tagError({ tag: "latest", error: err })).toBe("could not be read (the error above)");
  });
  it("tags sharing one error: the first says it, the next ones refer to it", () => {
    const e = errorsOnce({ status: "ok" }, ["missing in 1 of 2 tags: 1.0"]);
    expect(e.banner).toBeNull();
    expect(e.notes).toEqual(["missing in 1 of 2 tags: 1.0"]);
    expect(e.tagError({ tag: "2.0", error: err })).toBe(err.message);
    expect(e.tagError({ tag: "1.9", error: err })).toBe("could not be read (same error as 2.0)");
    expect(e.tagError({ tag: "1.8" })).toBeNull();
  });
});

describe("a repository the registry does not know", () => {
  const gone = { code: "repository-not-found", message: 'registry r says repository "acme/apii" does not exist (NAME_UNKNOWN)' };
  const manifest = { code: "tag-not-found", message: 'registry r has no manifest for "acme/apii:latest" (MANIFEST_UNKNOWN)' };
  const row = { status: "error" as const, error: gone, tags: [{ tag: "latest", digest: null, error: manifest }] };
  it("names the repository's error once; the tag's MANIFEST_UNKNOWN is not a second, different message", () => {
    const e = errorsOnce(row, [manifest.message]);
    expect(e.banner).toBe(gone.message);
    expect(e.notes).toEqual([]);
    expect(e.tagError(row.tags[0])).toBe("could not be read (the error above)");
    expect(effectiveTagError(row.tags[0], row)).toBe(gone);
  });
  it("a tag that failed on its own keeps its own error", () => {
    const timeout = { code: "timeout", message: "timed out" };
    expect(effectiveTagError({ digest: null, error: timeout }, { status: "error", error: timeout })).toBe(timeout);
    expect(effectiveTagError({ digest: "sha256:x", error: manifest }, { status: "error", error: gone })).toBe(manifest);
  });
});
