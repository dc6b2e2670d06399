import { describe, expect, it } from "vitest";
import { cleanReference, splitReferenceList } from "./reference-list";
import { typedTarget } from "../../components/repositories/reference-schema";

describe("splitReferenceList", () => {
  it("splits lines and commas, drops blanks and comments, strips docker pull", () => {
    expect(splitReferenceList("a, b\n\n# note\ndocker pull c:1.2\n  docker image pull --platform linux/arm64 d@sha256:" + "a".repeat(64) + " \ne,")).toEqual([
      "a",
      "b",
      "c:1.2",
      "d@sha256:" + "a".repeat(64),
      "e",
    ]);
  });
  it.each([
    ["docker pull --platform linux/arm64 nginx:1.27", "nginx:1.27"],
    ["docker pull --platform=linux/arm64 ghcr.io/acme/api", "ghcr.io/acme/api"],
    ["  DOCKER PULL -q localhost:5000/app  ", "localhost:5000/app"],
    ["docker pull --platform x --quiet --all-tags acme/web", "acme/web"],
  ])("strips %j", (line, want) => {
    expect(splitReferenceList(line)).toEqual([want]);
  });
  it("a comma-separated line of pull commands and names", () => {
    expect(splitReferenceList("docker pull a:1, b ,docker pull --platform linux/amd64 c")).toEqual(["a:1", "b", "c"]);
  });
  it("leaves anything that is not a pull command alone, for the parser to judge", () => {
    expect(cleanReference("docker run nginx")).toBe("docker run nginx");
  });
});

describe("typedTarget (the form's reading of a reference)", () => {
  it.each([
    ["ghcr.io/acme/web:1.8.0", { kind: "tag", value: "1.8.0" }],
    ["ghcr.io/acme/web", null],
    ["localhost:5000/app", null],
    ["localhost:5000/app:2", { kind: "tag", value: "2" }],
    ["acme/web:1.0@sha256:" + "b".repeat(64), { kind: "digest", value: "sha256:" + "b".repeat(64) }],
    ["Bad/Ref:1", null],
  ])("%s", (input, want) => expect(typedTarget(input)).toEqual(want));
});
