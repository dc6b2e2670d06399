// Index and descriptor parsing held to exact values, and the attestation rule (annotation, or
// platform unknown/unknown — both halves). Written against mutants that survived manifest.test.ts.
import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { detectMediaType, isAttestation, parseImageManifest, parseIndex, parseJsonObject, schema1Platform } from "./manifest";
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
  it("keeps size, platform (with os.version and os.features) and annotations", () => {
    const [d] = parseIndex(
      {
        manifests: [
          {
            mediaType: MediaTypes.ociManifest,
            digest: D,
            size: 0,
            platform: { os: "windows", architecture: "amd64", variant: "", "os.version": "10.0.20348.1", "os.features": ["win32k"] },
            annotations: { a: "x" },
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

  it("an entry with a value of the wrong type is an error, never read without it (issue 9)", () => {
    const entry = { mediaType: MediaTypes.ociManifest, digest: D, size: 1 };
    for (const bad of [{ size: "12" }, { platform: "linux/amd64" }, { annotations: { n: 1 } }, { platform: { os: "linux", architecture: "amd64", "os.features": ["a", 7] } }]) {
      expect(code(() => parseIndex({ manifests: [{ ...entry, ...bad }] }, "idx"))).toBe("invalid-response");
    }
  });

  it("refuses an entry that is not an object or has a malformed digest", () => {
    for (const bad of [null, "x", 3]) expect(code(() => parseIndex({ manifests: [bad] }, "idx"))).toBe("invalid-response");
    expect(code(() => parseIndex({ manifests: [{ digest: "sha256:short" }] }, "idx"))).toBe("invalid-response");
    expect(code(() => parseIndex({ manifests: "no" }, "idx"))).toBe("invalid-response");
    expect(code(() => parseImageManifest({ config: "no", layers: [] }, "m"))).toBe("invalid-response");
  });
});

describe("isAttestation", () => {
  const d = (platform?: { os: string; architecture: string }, annotations?: Record<string, string>) => ({ mediaType: MediaTypes.ociManifest, digest: D, size: 1, ...(platform ? { platform } : {}), ...(annotations ? { annotations } : {}) });
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
