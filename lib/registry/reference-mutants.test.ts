// reference.ts edges the first suite left open: digests of other algorithms, a reference that is
// only a digest or only a tag, the exact length limit, which part of the input an error quotes,
// and that absent parts are absent (not present as undefined).
import { describe, expect, it } from "vitest";
import { digestProblem, isDigest, isValidRepositoryName, parseReference, withTagOrDigest } from "./reference";

const H64 = "a".repeat(64);
const why = (input: string): string => {
  try {
    parseReference(input);
  } catch (e) {
    return (e as Error).message.replace(`"${input}" is not a valid image reference: `, "");
  }
  return "accepted";
};

describe("digests", () => {
  it("sha256 needs exactly 64 lowercase hex characters, anchored at both ends", () => {
    expect(digestProblem(`sha256:${H64}`)).toBe(null);
    expect(digestProblem(`sha256:g${"a".repeat(63)}`)).toBe("a sha256 digest has exactly 64 lowercase hex characters");
    expect(digestProblem(`sha256:${"a".repeat(63)}g`)).toBe("a sha256 digest has exactly 64 lowercase hex characters");
  });
  it("another algorithm needs at least 32 hex characters, either case", () => {
    expect(digestProblem(`blake3:${"A".repeat(32)}`)).toBe(null);
    expect(digestProblem(`blake3:${"a".repeat(31)}`)).toBe("a digest has at least 32 hex characters after the algorithm");
    expect(digestProblem(`blake3:g${"a".repeat(32)}`)).toBe("a digest has at least 32 hex characters after the algorithm");
    expect(digestProblem(`blake3:${"a".repeat(32)}g`)).toBe("a digest has at least 32 hex characters after the algorithm");
  });
  it("isDigest and withTagOrDigest tell a digest from a tag", () => {
    expect([isDigest(`sha256:${H64}`), isDigest(H64), isDigest("sha256:abc"), isDigest("latest")]).toEqual([true, false, false, false]);
    const ref = parseReference("ghcr.io/org/app:1.0");
    expect(withTagOrDigest(ref, `sha256:${H64}`)).toStrictEqual({ registry: "ghcr.io", repository: "org/app", digest: `sha256:${H64}` });
    expect(withTagOrDigest(ref, "2.0")).toStrictEqual({ registry: "ghcr.io", repository: "org/app", tag: "2.0" });
  });
  it("isValidRepositoryName: lowercase components with single separators", () => {
    expect(["org/app", "a", "a__b/c-d.e", "Org/app", "a//b", "a_", ""].map(isValidRepositoryName)).toEqual([true, true, true, false, false, false, false]);
  });
});

describe("parseReference", () => {
  it("keeps only the parts it has: no tag key with a digest alone, no digest key with a tag alone", () => {
    expect(parseReference(`app@sha256:${H64}`)).toStrictEqual({ registry: "docker.io", repository: "library/app", digest: `sha256:${H64}` });
    expect(parseReference("app")).toStrictEqual({ registry: "docker.io", repository: "library/app", tag: "latest" });
  });
  it("a digest or a tag with no name before it is a missing repository name", () => {
    expect(why(`@sha256:${H64}`)).toBe("the repository name is missing");
    expect(why(":1.0")).toBe("the repository name is missing");
  });
  it("a single name holding a dot or equal to localhost plus more is still a Docker Hub name", () => {
    expect(parseReference("a.bc")).toStrictEqual({ registry: "docker.io", repository: "library/a.bc", tag: "latest" });
    expect(parseReference("localhostx")).toStrictEqual({ registry: "docker.io", repository: "library/localhostx", tag: "latest" });
  });
  it("a scheme is refused only at the start", () => {
    expect(why("https://ghcr.io/org/app")).toMatch(/leave out the URL scheme/);
    expect(why("ghcr.io/org/app:x://y")).not.toMatch(/URL scheme/);
  });
  it("quotes the name as typed: the path after a custom registry, the whole name on Docker Hub", () => {
    expect(why("ghcr.io/Org/app")).toBe('repository name "Org/app" must be lowercase');
    expect(why("docker.io/Library/app")).toBe('repository name "docker.io/Library/app" must be lowercase');
    expect(why("MyOrg/app")).toBe('repository name "MyOrg/app" must be lowercase');
  });
  it("255 characters of registry + / + path are allowed, 256 are not", () => {
    const reg = "r.example"; // 9 characters
    const path = (n: number) => `a/${"b".repeat(n - 2)}`;
    expect(parseReference(`${reg}/${path(255 - 10)}`).repository).toHaveLength(245);
    expect(why(`${reg}/${path(256 - 10)}`)).toBe("the name is longer than 255 characters");
  });
});
