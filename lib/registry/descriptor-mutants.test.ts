// descriptor.ts field by field, with the exact words each problem is reported in (they reach users
// through scan errors), and the fields read back exactly as written, nothing added.
import { describe, expect, it } from "vitest";
import { descriptorProblems, digestHint, jsonType, platformFrom, readDescriptor, strictDigestProblem, toDescriptor } from "./descriptor";
import { RegistryError } from "./errors";

const D = `sha256:${"a".repeat(64)}`;
const good = { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: D, size: 7 };
const problems = (extra: Record<string, unknown>, opts: { platform?: boolean } = {}) => descriptorProblems({ ...good, ...extra }, opts);

describe("jsonType and digests", () => {
  it("names each JSON type", () => {
    expect([null, [], {}, "s", 1, true].map(jsonType)).toEqual(["null", "an array", "an object", "a string", "a number", "a boolean"]);
  });
  it("says what is wrong with a digest", () => {
    expect(strictDigestProblem(D)).toBe(null);
    expect(strictDigestProblem(`sha512:${"b".repeat(128)}`)).toBe(null);
    expect(strictDigestProblem("abc")).toBe("no hash after its algorithm (expected sha256:<64 hex characters>)");
    expect(strictDigestProblem(":abc")).toBe("no algorithm before the colon");
    expect(strictDigestProblem("sha256:")).toBe("no hash after the colon");
    expect(strictDigestProblem(`SHA256:${"a".repeat(64)}`)).toBe("its algorithm in uppercase (digests are lowercase)");
    expect(strictDigestProblem(`sh@:${"a".repeat(64)}`)).toBe('a malformed algorithm "sh@"');
    expect(strictDigestProblem("sha256:ab/cd")).toBe("characters a digest cannot hold");
    expect(strictDigestProblem(`md5:${"a".repeat(32)}`)).toBe('the algorithm "md5", which cannot be verified (only sha256 and sha512 can)');
    expect(strictDigestProblem(`sha256:${"A".repeat(64)}`)).toBe("its hash in uppercase (digests are lowercase hex)");
    // Uppercase beside a non-hex letter is not "uppercase hex": it is not hex at all.
    expect(strictDigestProblem(`sha256:A${"g".repeat(63)}`)).toBe("a hash that is not 64 lowercase hex characters");
    expect(strictDigestProblem(`sha256:${"a".repeat(63)}g`)).toBe("a hash that is not 64 lowercase hex characters");
    expect(strictDigestProblem(`sha256:g${"a".repeat(63)}`)).toBe("a hash that is not 64 lowercase hex characters");
    expect(strictDigestProblem(`sha256:${"a".repeat(63)}`)).toBe("a hash that is not 64 lowercase hex characters");
  });
});

describe("descriptorProblems", () => {
  it("a good descriptor has none; a non-object is one problem", () => {
    expect(descriptorProblems(good)).toEqual([]);
    expect(descriptorProblems(null)).toEqual(["is null, not a descriptor object"]);
    expect(descriptorProblems([good])).toEqual(["is an array, not a descriptor object"]);
    expect(descriptorProblems("x")).toEqual(["is a string, not a descriptor object"]);
  });
  it("each required field: missing, of the wrong type, or malformed", () => {
    expect(descriptorProblems({})).toEqual(["has no mediaType", "has no digest", "has no size"]);
    expect(problems({ mediaType: 5, digest: ["x"], size: "7" })).toEqual([
      "has mediaType 5, a number where a string belongs",
      'has digest ["x"], an array where a string belongs',
      'has size "7", a string where a whole number of bytes belongs',
    ]);
    expect(problems({ mediaType: "", digest: "sha256:", size: 1.5 })).toEqual(["has an empty mediaType", 'has digest "sha256:" with no hash after the colon', "has size 1.5, not a whole number of bytes"]);
    expect(problems({ mediaType: "nonsense", size: -1 })).toEqual([
      'has a malformed mediaType "nonsense" (expected type/subtype, e.g. application/vnd.oci.image.manifest.v1+json)',
      "has a negative size (-1)",
    ]);
    expect(problems({ size: 0 })).toEqual([]);
  });
  it("long values are shown cut at 80 characters", () => {
    const long = "x".repeat(100);
    expect(problems({ mediaType: [long] })).toEqual([`has mediaType ${JSON.stringify([long]).slice(0, 77)}..., an array where a string belongs`]);
    const eighty = "y".repeat(78); // 80 characters once quoted
    expect(problems({ size: eighty })).toEqual([`has size "${eighty}", a string where a whole number of bytes belongs`]);
    expect(problems({ size: `${eighty}y` })).toEqual([`has size "${eighty.slice(0, 76)}..., a string where a whole number of bytes belongs`]);
  });
  it("urls must be a list of absolute URLs", () => {
    expect(problems({ urls: ["https://a.example/x", "ftp://b/y"] })).toEqual([]);
    for (const urls of ["https://a", ["relative/path"], [1], ["https://a", "nope"], ["1http://x"]]) {
      expect(problems({ urls })).toEqual([`has urls ${JSON.stringify(urls)}, where a list of absolute URLs belongs`]);
    }
  });
  it("artifactType must be a well-formed media type", () => {
    expect(problems({ artifactType: "application/vnd.example+json" })).toEqual([]);
    expect(problems({ artifactType: "bad" })).toEqual(['has a malformed artifactType "bad"']);
    expect(problems({ artifactType: 3 })).toEqual(["has a malformed artifactType 3"]);
  });
  it("annotations must map to strings", () => {
    expect(problems({ annotations: { a: "b" } })).toEqual([]);
    expect(problems({ annotations: {} })).toEqual([]);
    for (const a of [null, [], "x", { a: 1 }, { a: "b", c: 2 }]) expect(problems({ annotations: a })).toEqual([`has annotations ${JSON.stringify(a)}, where a map of strings belongs`]);
  });
  it("data must be base64", () => {
    expect(problems({ data: "aGk=" })).toEqual([]);
    expect(problems({ data: "" })).toEqual([]);
    for (const data of ["a", "a!==", 5]) expect(problems({ data })).toEqual(["has data that is not base64"]);
  });
  it("platform: only its shape, unless asked to check it", () => {
    expect(problems({ platform: { os: 1 } })).toEqual([]);
    expect(problems({ platform: "linux" })).toEqual(["has a platform that is a string, not an object"]);
    expect(problems({ platform: null })).toEqual(["has a platform that is null, not an object"]);
    const P = { platform: true };
    expect(problems(P, { platform: true })).toEqual(["has a platform that is a boolean, not an object"]);
    expect(problems({ platform: [] }, { platform: true })).toEqual(["has a platform that is an array, not an object"]);
    expect(problems({ platform: null }, { platform: true })).toEqual(["has a platform that is null, not an object"]);
  });
  it("platform fields, when checked", () => {
    const check = (platform: Record<string, unknown>) => problems({ platform }, { platform: true });
    expect(check({ os: "linux", architecture: "arm", variant: "v7", "os.version": "1", "os.features": ["a"] })).toEqual([]);
    expect(check({})).toEqual(["has a platform without architecture", "has a platform without os"]);
    expect(check({ os: "", architecture: 5 })).toEqual(["has platform architecture 5, a number where a string belongs", "has a platform with an empty os"]);
    expect(check({ os: "linux", architecture: "" })).toEqual(["has a platform with an empty architecture"]);
    expect(check({ os: "linux", architecture: "arm", variant: 7, "os.version": [] })).toEqual([
      "has platform variant 7, a number where a string belongs",
      "has platform os.version [], an array where a string belongs",
    ]);
    expect(check({ os: "linux", architecture: "arm", variant: "" })).toEqual([]);
    for (const f of ["a", [1], ["a", null]]) {
      expect(check({ os: "linux", architecture: "arm", "os.features": f })).toEqual([`has platform os.features ${JSON.stringify(f)}, where a list of strings belongs`]);
    }
  });
});

describe("reading a descriptor", () => {
  it("platformFrom keeps what is written, drops empty and non-string parts", () => {
    expect(platformFrom({ os: "windows", architecture: "amd64", variant: "v2", "os.version": "10.0", "os.features": ["win32k", 3] })).toStrictEqual({
      os: "windows",
      architecture: "amd64",
      variant: "v2",
      osVersion: "10.0",
      osFeatures: ["win32k"],
    });
    expect(platformFrom({ os: 1, architecture: null, variant: "", "os.version": "", "os.features": [] })).toStrictEqual({ os: "", architecture: "" });
    expect(platformFrom({ variant: 2, "os.version": 3, "os.features": "x" })).toStrictEqual({ os: "", architecture: "" });
  });
  it("toDescriptor: base media type, and only the optional fields that are there", () => {
    expect(toDescriptor({ ...good, mediaType: "Application/Vnd.Oci.Image.Manifest.v1+json; charset=utf-8" })).toStrictEqual({ ...good });
    const full = toDescriptor({ ...good, platform: { os: "linux", architecture: "arm64" }, annotations: { a: "b" }, artifactType: "application/x+json" });
    expect(full).toStrictEqual({ ...good, platform: { os: "linux", architecture: "arm64" }, annotations: { a: "b" }, artifactType: "application/x+json" });
    expect(toDescriptor({ ...good, platform: null, annotations: null, artifactType: 5 })).toStrictEqual({ ...good });
    expect(toDescriptor({ ...good, platform: "x", annotations: "y" })).toStrictEqual({ ...good });
  });
  it("readDescriptor throws invalid-response naming the entry and every problem, or returns the descriptor", () => {
    expect(readDescriptor(good, "index", "entry 0")).toStrictEqual(good);
    let e: unknown;
    try {
      readDescriptor({ digest: D, size: "7" }, "index r/a:1", "entry 2");
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(RegistryError);
    expect([(e as RegistryError).code, (e as RegistryError).message]).toEqual([
      "invalid-response",
      `index r/a:1: entry 2 (sha256:${"a".repeat(24)}…) has no mediaType; has size "7", a string where a whole number of bytes belongs`,
    ]);
  });
  it("digestHint: the digest cut to 31 characters, nothing when there is none", () => {
    expect(digestHint({ digest: D })).toBe(` (sha256:${"a".repeat(24)}…)`);
    expect(digestHint({ digest: "x".repeat(32) })).toBe(` (${"x".repeat(32)})`);
    expect(digestHint({ digest: "x".repeat(33) })).toBe(` (${"x".repeat(31)}…)`);
    expect(digestHint({ digest: "" })).toBe("");
    expect(digestHint({ digest: 5 })).toBe("");
    expect(digestHint(null)).toBe("");
    expect(digestHint("sha256:abc")).toBe("");
  });
});

describe("gaps found by the last run", () => {
  it("uppercase among non-hex letters is not called uppercase hex", () => {
    expect(strictDigestProblem(`sha256:g${"A".repeat(63)}`)).toBe("a hash that is not 64 lowercase hex characters");
  });
  it("a URL with a scheme that URL cannot parse is refused", () => {
    expect(problems({ urls: ["http://["] })).toEqual(['has urls ["http://["], where a list of absolute URLs belongs']);
  });
});
