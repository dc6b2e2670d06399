import { describe, expect, it } from "vitest";
import { addRepositoryFormSchema, referenceProblem, splitList, tagProblem } from "./reference-schema";

describe("referenceProblem", () => {
  it.each([
    ["nginx", null],
    ["library/nginx:1.27", null],
    ["ghcr.io/acme/api", null],
    ["localhost:5000/app", null],
    ["127.0.0.1:5055/acme/data/etl:latest", null],
    ["registry.example.com/team/app@sha256:" + "a".repeat(64), null],
    ["", /Enter an image reference/],
    ["ghcr.io/acme/my app", /spaces/],
    ["https://ghcr.io/acme/api", /URL scheme/],
    ["ghcr.io/Acme/API", /lowercase/],
    ["acme/app:-bad", /Tag "-bad"/],
    ["ghcr.io/", /repository name is missing/],
    ["acme//app", /not a valid name component/],
    ["acme/app@sha256:", /digest/],
  ])("%s", (input, want) => {
    const got = referenceProblem(input);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe("tags", () => {
  it("splits on commas and whitespace", () => {
    expect(splitList("latest, 1.2 ,, 1.3\n2")).toEqual(["latest", "1.2", "1.3", "2"]);
  });
  it.each([
    ["latest", null],
    ["1.27.3-alpine", null],
    [".hidden", /must be/],
    ["a".repeat(129), /must be/],
  ])("%s", (tag, want) => {
    const got = tagProblem(tag);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe("addRepositoryFormSchema", () => {
  it("reports each field under its own path", () => {
    const r = addRepositoryFormSchema.safeParse({ reference: "https://x/y", tags: "ok, -no" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(["reference", "tags"]);
  });
  it("accepts a valid form", () => {
    expect(addRepositoryFormSchema.safeParse({ reference: "ghcr.io/acme/api", tags: "latest" }).success).toBe(true);
  });
});
