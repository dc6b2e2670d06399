import { describe, expect, it } from "vitest";
import { readBaseAnnotations } from "./base-annotations";

const D1 = `sha256:${"a".repeat(64)}`;
const D2 = `sha256:${"b".repeat(64)}`;
const body = (doc: unknown) => Buffer.from(JSON.stringify(doc));
const ann = (name?: string, digest?: string) => ({
  ...(name !== undefined ? { "org.opencontainers.image.base.name": name } : {}),
  ...(digest !== undefined ? { "org.opencontainers.image.base.digest": digest } : {}),
});

describe("readBaseAnnotations", () => {
  it("reads the document's own annotations, normalizing the name the way docker pull does", () => {
    const b = readBaseAnnotations(body({ schemaVersion: 2, manifests: [], annotations: ann("alpine:3.18", D1) }));
    expect(b).toEqual({ name: "alpine:3.18", reference: { registry: "docker.io", repository: "library/alpine", tag: "3.18" }, digest: D1, problem: null });
  });

  it("falls back to index entries (Docker official images), keeping a digest only when all entries agree", () => {
    const entries = (d1: string, d2: string) => ({ manifests: [{ annotations: ann("debian:bookworm", d1) }, { annotations: ann("debian:bookworm", d2) }, { annotations: { other: "x" } }] });
    expect(readBaseAnnotations(body(entries(D1, D2)))?.digest).toBeNull();
    expect(readBaseAnnotations(body(entries(D1, D1)))?.digest).toBe(D1);
    expect(readBaseAnnotations(body(entries(D1, D1)))?.reference?.repository).toBe("library/debian");
  });

  it("says why annotations cannot be used, and never throws", () => {
    expect(readBaseAnnotations(body({ manifests: [{ annotations: ann("a:1") }, { annotations: ann("b:1") }] }))?.problem).toContain("different base images");
    expect(readBaseAnnotations(body({ annotations: ann(undefined, D1) }))?.problem).toContain("base.name is missing");
    expect(readBaseAnnotations(body({ annotations: ann("Bad Name", "sha256:zz") }))?.problem).toMatch(/is not a digest.*not a valid image reference/);
    expect(readBaseAnnotations(body({ annotations: ann("alpine@" + D2) }))?.digest).toBe(D2);
    expect(readBaseAnnotations(body({ annotations: { "org.opencontainers.image.base.name": 7 } }))).toBeNull();
    expect(readBaseAnnotations(body({ schemaVersion: 2 }))).toBeNull();
    expect(readBaseAnnotations(Buffer.from("not json"))).toBeNull();
  });
});
