// One vocabulary everywhere: the same row read through CSV, JSON and Markdown, and the grid's
// cell words, name each state the same way.
import { describe, expect, it } from "vitest";
import { renderGapReport } from "./gaps";
import { repositoryCell, missingColumns, CELL_STATE_WORDS } from "../coverage";
import { CELL_STATES } from "../../components/coverage/cell-state";
import type { ApiRepositoryRow, CellState } from "../api-types";

const columns = ["amd64", "arm64", "s390x"];
const linux = (architecture: string) => ({ os: "linux", architecture });
const tags = [
  { tag: "latest", platforms: [linux("amd64"), linux("arm64")] },
  { tag: "1.0", platforms: [linux("amd64")] },
];
const row: ApiRepositoryRow = {
  id: "r1",
  reference: "ghcr.io/org/app",
  registry: "ghcr.io",
  namespace: "org",
  status: "ok",
  lastScannedAt: "2026-12-01T00:00:00.000Z",
  missing: ["arm64", "s390x"],
  tags: tags.map((t) => ({ tag: t.tag, digest: `sha256:${"c".repeat(64)}`, mediaType: null, checkedAt: null, platforms: t.platforms, missing: missingColumns(t.platforms, columns) })),
  cells: Object.fromEntries(columns.map((c) => [c, repositoryCell(tags.map((t) => ({ ...t, scanned: true })), c)])),
};
const input = { columns, generatedAt: "2026-12-01T00:00:00.000Z", rows: [row] };

describe("state words agree across surfaces", () => {
  it("JSON cells carry the grid's cell states, and tag status uses the repository codes", () => {
    const doc = JSON.parse(renderGapReport("json", input));
    expect(doc.repositories[0].cells).toEqual({ amd64: "present", arm64: "partial", s390x: "missing" });
    expect(doc.repositories[0].status).toBe("ok");
    expect(doc.repositories[0].tags.map((t: { status: string }) => t.status)).toEqual(["ok", "ok"]);
  });
  it("CSV says ok where JSON does, and each has_ column is a cell state code", () => {
    const [, latest, old] = renderGapReport("csv", input).trim().split("\r\n");
    expect(latest.split(",").slice(3, 8)).toEqual(["ok", "linux/amd64 linux/arm64", "present", "present", "missing"]);
    expect(old.split(",").slice(5, 8)).toEqual(["present", "missing", "missing"]);
    const codes = new Set(Object.keys(CELL_STATE_WORDS));
    for (const v of [...latest.split(",").slice(5, 8), ...old.split(",").slice(5, 8)]) expect(codes.has(v)).toBe(true);
  });
  it("Markdown and the grid show the same word for each state", () => {
    const md = renderGapReport("md", input);
    for (const s of ["present", "missing"] as CellState[]) expect(md).toContain(`${CELL_STATE_WORDS[s].symbol} ${CELL_STATES[s].short}`);
    for (const s of Object.keys(CELL_STATES) as CellState[]) expect(CELL_STATES[s].short).toBe(CELL_STATE_WORDS[s].label);
    expect(md).not.toContain("Partial:"); // the legend lists only the states the report uses
  });
});

describe("an error is worded the same in the grid's words and every export", () => {
  const failed: ApiRepositoryRow = {
    ...row,
    id: "r2",
    reference: "ghcr.io/org/apii",
    status: "error",
    error: { code: "repository-not-found", message: "ghcr.io/org/apii: repository not found" },
    missing: [],
    // Distribution answers MANIFEST_UNKNOWN for the tag of a repository it does not know.
    tags: [{ tag: "latest", digest: null, mediaType: null, checkedAt: null, platforms: [], missing: [], error: { code: "tag-not-found", message: "ghcr.io/org/apii:latest: manifest unknown" } }],
    cells: Object.fromEntries(columns.map((c) => [c, repositoryCell([{ tag: "latest", platforms: [], scanned: false, error: { code: "x", message: "ghcr.io/org/apii: repository not found" } }], c)])),
  };
  const both = { ...input, rows: [failed] };
  it("Markdown says 'Scan failed: <message>' as the grid row does; CSV carries the same message and status error", () => {
    expect(renderGapReport("md", both)).toContain("| ? Unknown | ? Unknown | ? Unknown | Scan failed: ghcr.io/org/apii: repository not found |");
    const line = renderGapReport("csv", both).trim().split("\r\n")[1].split(",");
    expect(line[3]).toBe("error");
    expect(line.at(-1)).toBe("ghcr.io/org/apii: repository not found");
    expect(JSON.parse(renderGapReport("json", both)).repositories[0].error.message).toBe("ghcr.io/org/apii: repository not found");
  });
});
