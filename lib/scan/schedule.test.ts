import { describe, expect, it } from "vitest";
import { isDue } from "./schedule";

describe("isDue", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it.each([
    { last: null, interval: 360, due: true },
    { last: new Date("2026-11-27T06:00:00Z"), interval: 360, due: true },
    { last: new Date("2026-11-27T06:00:01Z"), interval: 360, due: false },
    { last: null, interval: 0, due: false },
    { last: new Date("2020-01-01T00:00:00Z"), interval: 0, due: false },
  ])("last=$last interval=$interval -> $due", ({ last, interval, due }) => {
    expect(isDue(last, interval, now)).toBe(due);
  });
});
