import { describe, expect, it } from "vitest";
import type { ApiScan } from "@/lib/api-types";
import { formatDuration, scanOutcome, scanTitle } from "./scan-names";

const scan = (patch: Partial<ApiScan>): ApiScan => ({
  id: "c1",
  status: "succeeded",
  total: 3,
  done: 3,
  failed: 0,
  trigger: "manual",
  startedAt: "2025-01-01T10:00:00.000Z",
  finishedAt: "2025-01-01T10:00:04.400Z",
  ...patch,
});

describe("scanTitle", () => {
  it.each([
    [{ trigger: "manual", total: 1 }, "Manual scan of 1 repository"],
    [{ trigger: "manual", total: 3 }, "Manual scan of 3 repositories"],
    [{ trigger: "manual-all", total: 40 }, "Scan of all 40 repositories"],
    [{ trigger: "schedule", total: 40 }, "Scheduled scan of 40 repositories"],
    [{ trigger: "cli", total: 2 }, "Scan of 2 repositories (cli)"],
    [{ trigger: undefined, total: 2 }, "Scan of 2 repositories"],
  ])("%o -> %s", (s, want) => {
    expect(scanTitle(s)).toBe(want);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [4_400, "4s"],
    [59_600, "1m 00s"],
    [125_000, "2m 05s"],
    [3_780_000, "1h 03m"],
  ])("%d ms -> %s", (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });
});

describe("scanOutcome", () => {
  it.each([
    [{}, "Scan finished in 4s: 3 of 3 repositories scanned, none failed."],
    [{ status: "partial", failed: 1 }, "Scan finished in 4s: 2 of 3 repositories scanned, 1 failed."],
    [{ status: "failed", failed: 3, total: 3 }, "Scan failed after 4s: 0 of 3 repositories scanned, 3 failed."],
    [{ status: "cancelled", done: 1, finishedAt: null }, "Scan cancelled: 1 of 3 repositories scanned, none failed."],
    [{ total: 1, done: 1 }, "Scan finished in 4s: 1 of 1 repository scanned, none failed."],
  ] as const)("%o", (patch, want) => {
    expect(scanOutcome(scan(patch))).toBe(want);
  });
});
