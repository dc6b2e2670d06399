// Index and descriptor parsing held to exact values, and the attestation rule (annotation, or
// platform unknown/unknown — both halves). Written against mutants that survived manifest.test.ts.
import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { detectMediaType, isAttestation, parseImageConfig, parseIndex, parseJsonObject, platformFrom, schema1Platform } from "./manifest";
import { MediaTypes } from "./media-types";

const D = `sha256:${"a".repeat(64)}`;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof RegistryError) return e.code;
    throw e;
  }
  return "ok";
};

describe("parseIndex descriptors, exactly", () => {
  it("keeps size, platform (with os.version, string os.features only) and string annotations", () => {
    const [d] = parseIndex(
      {
        manifests: [
          {
            mediaType: MediaTypes.ociManifest,
            digest: D,
            size: 0,
            platform: { os: "windows", architecture: "amd64", variant: "", "os.version": "10.0.20348.1", "os.features": ["win32k", 7] },
            annotations: { a: "x", n: 1 },
          },
        ],
      },
      "idx",
    );
    expect(d).toEqual({
      mediaType: MediaTypes.ociManifest,
      digest: D,
      size: 0,
      platform: { os: "windows", architecture: "amd64", osVersion: "10.0.20348.1", osFeatures: ["win32k"] },
      annotations: { a: "x" },
    });
  });

  it("leaves out what is absent or of the wrong type", () => {
    const [d] = parseIndex({ manifests: [{ mediaType: MediaTypes.ociManifest, digest: D, size: "12", platform: "linux/amd64", annotations: null }] }, "idx");
    expect(d).toEqual({ mediaType: MediaTypes.ociManifest, digest: D });
    const [e] = parseIndex({ manifests: [{ mediaType: MediaTypes.ociManifest, digest: D, platform: { variant: "v7" }, "os.features": [] }] }, "idx");
    expect(e).toEqual({ mediaType: MediaTypes.ociManifest, digest: D });
  });

  it("refuses an entry that is not an object or has a malformed digest", () => {
    for (const bad of [null, "x", 3]) expect(code(() => parseIndex({ manifests: [bad] }, "idx"))).toBe("invalid-response");
    expect(code(() => parseIndex({ manifests: [{ digest: "sha256:short" }] }, "idx"))).toBe("invalid-response");
    expect(code(() => parseIndex({ manifests: "no" }, "idx"))).toBe("invalid-response");
    expect(code(() => parseImageConfig({ config: "no" }, "m"))).toBe("invalid-response");
  });
});

describe("platformFrom", () => {
  it("one of os or architecture is enough; empty strings are not values", () => {
    expect(platformFrom({ os: "linux" })).toEqual({ os: "linux", architecture: "" });
    expect(platformFrom({ architecture: "arm64" })).toEqual({ os: "", architecture: "arm64" });
    expect(platformFrom({ os: 1, architecture: null })).toBeUndefined();
    expect(platformFrom({ os: "linux", architecture: "arm", variant: "v6", "os.features": ["a", "b"] })).toEqual({ os: "linux", architecture: "arm", variant: "v6", osFeatures: ["a", "b"] });
  });
});

describe("isAttestation", () => {
  const d = (platform?: { os: string; architecture: string }, annotations?: Record<string, string>) => ({ mediaType: MediaTypes.ociManifest, digest: D, ...(platform ? { platform } : {}), ...(annotations ? { annotations } : {}) });
  it("needs both unknown os and unknown architecture, or the annotation", () => {
    expect(isAttestation(d({ os: "unknown", architecture: "unknown" }))).toBe(true);
    expect(isAttestation(d({ os: "unknown", architecture: "amd64" }))).toBe(false);
    expect(isAttestation(d({ os: "linux", architecture: "unknown" }))).toBe(false);
    expect(isAttestation(d())).toBe(false);
    expect(isAttestation(d({ os: "linux", architecture: "amd64" }, { "vnd.docker.reference.type": "attestation-manifest" }))).toBe(true);
  });
});

describe("what a body is", () => {
  it("an object with config and layers is a manifest; config alone or layers alone is not", () => {
    const body = (o: unknown) => Buffer.from(JSON.stringify(o));
    expect(detectMediaType("application/json", body({ schemaVersion: 2, config: { digest: D }, layers: [] }), "m")).toBe(MediaTypes.ociManifest);
    expect(code(() => detectMediaType("application/json", body({ schemaVersion: 2, config: { digest: D } }), "m"))).toBe("invalid-response");
    expect(code(() => detectMediaType("application/json", body({ schemaVersion: 2, config: "x", layers: [] }), "m"))).toBe("invalid-response");
    expect(code(() => detectMediaType("application/json", body({ schemaVersion: 2, layers: [] }), "m"))).toBe("invalid-response");
  });

  it("JSON that is not an object is invalid, in plain words", () => {
    for (const text of ["null", "[]", "3", '"s"', "{not json"]) {
      expect(code(() => parseJsonObject(Buffer.from(text), "the manifest"))).toBe("invalid-response");
    }
    expect(() => parseJsonObject(Buffer.from("[]"), "the manifest")).toThrow(/the manifest/);
  });

  it("schema1: linux and the architecture as written; none is an error", () => {
    expect(schema1Platform({ architecture: "armhf" }, "m")).toEqual({ os: "linux", architecture: "armhf" });
    expect(code(() => schema1Platform({}, "m"))).toBe("invalid-response");
  });
});
