import { describe, expect, it } from "vitest";
import { MANIFEST_ACCEPT, MediaTypes, baseMediaType, isConfig, isGenericContentType, isImage, isIndex, isSchema1 } from "./media-types";

describe("media types", () => {
  it.each([
    [MediaTypes.ociIndex, true, false, false],
    [MediaTypes.dockerList, true, false, false],
    [MediaTypes.ociManifest, false, true, false],
    [MediaTypes.dockerManifest, false, true, false],
    [MediaTypes.dockerSchema1Signed, false, false, true],
    [MediaTypes.dockerSchema1, false, false, true],
    [`${MediaTypes.ociIndex}; charset=utf-8`, true, false, false],
    ["APPLICATION/VND.OCI.IMAGE.MANIFEST.V1+JSON", false, true, false],
    [MediaTypes.ociConfig, false, false, false],
    ["application/json", false, false, false],
    ["", false, false, false],
  ])("%s", (mt, index, image, schema1) => {
    expect([isIndex(mt), isImage(mt), isSchema1(mt)]).toEqual([index, image, schema1]);
  });

  it("Accept lists every manifest type, lists first", () => {
    const parts = MANIFEST_ACCEPT.split(", ");
    expect(parts.slice(0, 2).sort()).toEqual([MediaTypes.dockerList, MediaTypes.ociIndex].sort());
    for (const mt of [MediaTypes.ociManifest, MediaTypes.dockerManifest, MediaTypes.dockerSchema1Signed]) expect(parts).toContain(mt);
  });

  it.each([
    ["application/json; charset=utf-8", "application/json", true],
    [null, "", true],
    ["text/plain", "text/plain", true],
    ["text/html", "text/html", false],
  ])("baseMediaType(%j)", (ct, base, generic) => {
    expect(baseMediaType(ct)).toBe(base);
    expect(isGenericContentType(ct)).toBe(generic);
  });

  it("config types", () => {
    expect(isConfig(MediaTypes.ociConfig)).toBe(true);
    expect(isConfig(MediaTypes.dockerConfig)).toBe(true);
    expect(isConfig("application/vnd.cncf.helm.config.v1+json")).toBe(false);
  });
});
