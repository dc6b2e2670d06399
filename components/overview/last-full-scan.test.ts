import { describe, expect, it } from "vitest";
import { overviewScan } from "./last-full-scan";
import type { ApiScan } from "@/lib/api-types";

const scan = (id: string, trigger: string, status: ApiScan["status"] = "succeeded", failed = 0): ApiScan => ({ id, trigger, status, total: 3, done: 3, failed });

describe("overviewScan", () => {
  it("skips newer single-repository scans to report the last full scan and its failures", () => {
    const list = [scan("one", "manual"), scan("sched", "schedule"), scan("all", "manual-all", "partial", 2)];
    expect(overviewScan(list)).toEqual({ scan: list[1], full: true });
    const failedFull = [scan("one", "manual"), scan("all", "manual-all", "partial", 2)];
    expect(overviewScan(failedFull)?.scan).toMatchObject({ id: "all", status: "partial", failed: 2 });
  });
  it("falls back to the newest scan when no full scan is listed, and to nothing when there are no scans", () => {
    expect(overviewScan([scan("one", "manual")])).toEqual({ scan: scan("one", "manual"), full: false });
    expect(overviewScan([])).toBeNull();
  });
});
