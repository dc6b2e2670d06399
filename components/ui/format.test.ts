import { describe, expect, it } from "vitest";
import { absoluteTime, relativeTime, shortDate, windowsVersionLabel } from "./format";

const now = Date.parse("2026-11-28T12:00:00Z");
const at = (secondsFromNow: number) => new Date(now + secondsFromNow * 1000).toISOString();

describe("relativeTime", () => {
  it("reads like English in both directions", () => {
    expect(relativeTime(null, now)).toBe("never");
    expect(relativeTime("not a date", now)).toBe("—");
    expect(relativeTime(at(-10), now)).toBe("just now");
    expect(relativeTime(at(-60), now)).toBe("1 minute ago");
    expect(relativeTime(at(-150), now)).toBe("3 minutes ago");
    expect(relativeTime(at(-3600), now)).toBe("1 hour ago");
    expect(relativeTime(at(-5 * 3600), now)).toBe("5 hours ago");
    expect(relativeTime(at(-86400), now)).toBe("yesterday");
    expect(relativeTime(at(86400), now)).toBe("tomorrow");
    expect(relativeTime(at(-3 * 86400), now)).toBe("3 days ago");
    expect(relativeTime(at(120), now)).toBe("in 2 minutes");
  });

  it("gives the UTC date after a week, the same on every machine", () => {
    expect(relativeTime("2026-11-03T23:30:00Z", now)).toBe("Nov 3, 2026");
    expect(shortDate("2026-01-31T00:00:00Z")).toBe("Jan 31, 2026");
  });
});

describe("absoluteTime and Windows names", () => {
  it("formats in UTC and names Windows Server releases", () => {
    expect(absoluteTime("2026-11-28T12:34:56.789Z")).toBe("2026-11-28 12:34:56 UTC");
    expect(windowsVersionLabel("10.0.20348.2762")).toBe("Server 2022 (10.0.20348)");
    expect(windowsVersionLabel("10.0.99999.1")).toBe("10.0.99999.1");
  });
});
