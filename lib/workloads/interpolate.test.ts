// Compose interpolation, table-driven against the Compose specification's examples.
import { describe, expect, it } from "vitest";
import { interpolate } from "./interpolate";

const env = { TAG: "1.27", EMPTY: "", REG: "ghcr.io/org" };

describe("interpolate (compose-spec Interpolation)", () => {
  it.each([
    ["nginx:$TAG", "nginx:1.27"],
    ["nginx:${TAG}", "nginx:1.27"],
    ["nginx:${MISSING:-1.25}", "nginx:1.25"],
    ["nginx:${EMPTY:-1.25}", "nginx:1.25"],
    ["nginx:${EMPTY-1.25}", "nginx:"],
    ["nginx:${MISSING-1.25}", "nginx:1.25"],
    ["nginx:${TAG:+custom}", "nginx:custom"],
    ["nginx:${MISSING:+custom}", "nginx:"],
    ["nginx:${TAG+custom}", "nginx:custom"],
    ["${MISSING:-${REG}}/app:${TAG}", "ghcr.io/org/app:1.27"],
    ["${MISSING:-${ALSO_MISSING:-docker.io}}/app", "docker.io/app"],
    ["price$$5", "price$5"],
    ["a$-b", "a$-b"],
  ])("%s -> %s", (input, value) => {
    expect(interpolate(input, env)).toEqual({ value, unset: [], failures: [] });
  });

  it("reports variables used without value or default", () => {
    expect(interpolate("${REG}/app:${NOPE}$ALSO", env)).toEqual({ value: "ghcr.io/org/app:", unset: ["NOPE", "ALSO"], failures: [] });
  });

  it("${VAR:?message} and ${VAR?message} fail with the message when the variable is missing", () => {
    expect(interpolate("app:${NOPE:?set NOPE to the release}", env).failures).toEqual(["$NOPE must be set: set NOPE to the release"]);
    expect(interpolate("app:${EMPTY:?needed}", env).failures).toEqual(["$EMPTY must be set: needed"]);
    expect(interpolate("app:${EMPTY?needed}", env)).toEqual({ value: "app:", unset: [], failures: [] });
  });

  it("malformed expressions are failures, never silently dropped", () => {
    expect(interpolate("app:${TAG", env).failures[0]).toMatch(/without its closing/);
    expect(interpolate("app:${1X}", env).failures[0]).toMatch(/not a variable reference/);
    expect(interpolate("app:${TAG%%x}", env).failures[0]).toMatch(/operator compose does not know/);
  });
});
