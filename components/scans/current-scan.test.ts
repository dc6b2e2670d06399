import { describe, expect, it } from "vitest";
import type { ApiScan } from "@/lib/api-types";
import { currentScan } from "./current-scan";

const scan = (id: string, status: ApiScan["status"], createdAt: string): ApiScan =>
  ({ id, status, createdAt, total: 1, done: 0, failed: 0 }) as ApiScan;

describe("currentScan (what the header follows)", () => {
  // The API lists newest first; scans run one at a time, oldest first.
  it("is the running scan, not the newer one queued behind it", () => {
    const list = [scan("b", "queued", "2026-12-01T10:00:05Z"), scan("a", "running", "2026-12-01T10:00:00Z"), scan("z", "succeeded", "2026-12-01T09:00:00Z")];
    expect(currentScan(list)?.id).toBe("a");
  });
  it("is the oldest queued scan while none runs yet", () => {
    const list = [scan("c", "queued", "2026-12-01T10:00:09Z"), scan("b", "queued", "2026-12-01T10:00:05Z")];
    expect(currentScan(list)?.id).toBe("b");
  });
  it("is nothing once every scan has ended", () => {
    expect(currentScan([scan("a", "succeeded", "2026-12-01T10:00:00Z"), scan("b", "interrupted", "2026-12-01T09:00:00Z")])).toBeUndefined();
    expect(currentScan(undefined)).toBeUndefined();
  });
});
