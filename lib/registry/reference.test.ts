import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { apiHost, familiarReference, formatReference, isValidTag, parseReference, repositoryKey } from "./reference";

const D = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("parseReference", () => {
  it.each([
    ["ubuntu", "docker.io", "library/ubuntu", "latest", undefined],
    ["ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", undefined],
    ["library/ubuntu", "docker.io", "library/ubuntu", "latest", undefined],
    ["docker.io/ubuntu", "docker.io", "library/ubuntu", "latest", undefined],
    ["index.docker.io/ubuntu", "docker.io", "library/ubuntu", "latest", undefined],
    ["index.docker.io/foo/bar:1", "docker.io", "foo/bar", "1", undefined],
    ["foo/bar", "docker.io", "foo/bar", "latest", undefined],
    ["foo/bar/baz", "docker.io", "foo/bar/baz", "latest", undefined],
    ["localhost/app", "localhost", "app", "latest", undefined],
    ["localhost:5000/app", "localhost:5000", "app", "latest", undefined],
    ["localhost:5000/app:1.0", "localhost:5000", "app", "1.0", undefined],
    ["127.0.0.1:5000/team/app", "127.0.0.1:5000", "team/app", "latest", undefined],
    ["[::1]:5000/app", "[::1]:5000", "app", "latest", undefined],
    ["ghcr.io/org/app", "ghcr.io", "org/app", "latest", undefined],
    ["GHCR.io/org/app", "ghcr.io", "org/app", "latest", undefined],
    ["quay.io/org/app:v1_2-3.4", "quay.io", "org/app", "v1_2-3.4", undefined],
    [`ubuntu@${D}`, "docker.io", "library/ubuntu", undefined, D],
    [`ubuntu:22.04@${D}`, "docker.io", "library/ubuntu", "22.04", D],
    [`localhost:5000/app:1@${D}`, "localhost:5000", "app", "1", D],
    ["my-org/my__app.x", "docker.io", "my-org/my__app.x", "latest", undefined],
    ["a/b---c", "docker.io", "a/b---c", "latest", undefined],
    ["  ubuntu  ", "docker.io", "library/ubuntu", "latest", undefined],
  ])("%s", (input, registry, repository, tag, digest) => {
    const ref = parseReference(input);
    expect(ref).toEqual({ registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) });
  });

  it.each([
    ["", /empty/],
    ["Ubuntu", /"Ubuntu" must be lowercase/],
    ["MyOrg/app", /must be lowercase/],
    ["ghcr.io/Org/App", /"Org\/App" must be lowercase/],
    ["https://ghcr.io/org/app", /URL scheme/],
    ["ubuntu:", /tag ""/],
    ["ubuntu:-bad", /tag "-bad"/],
    [`ubuntu:${"a".repeat(129)}`, /tag/],
    ["ubuntu@sha256:abc", /64 lowercase hex/],
    [`ubuntu@sha256:${"A".repeat(64)}`, /64 lowercase hex/],
    ["ubuntu@md5", /digest looks like/],
    ["a//b", /may only hold/],
    ["a/b_", /may only hold/],
    ["-a/b", /may only hold/],
    ["a b", /whitespace/],
    ["localhost:5000/", /missing/],
    ["0123456789abcdef".repeat(4), /image ID/],
    ["bad_host.io:x/app", /not a valid registry host/],
    [`x/${"a".repeat(260)}`, /longer than 255/],
  ])("rejects %j", (input, why) => {
    let err: unknown;
    try {
      parseReference(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe("invalid-reference");
    expect((err as RegistryError).message).toMatch(why);
  });
});

describe("formatting", () => {
  it.each([
    ["ubuntu", "docker.io/library/ubuntu", "docker.io/library/ubuntu:latest", "ubuntu:latest"],
    ["foo/bar:1", "docker.io/foo/bar", "docker.io/foo/bar:1", "foo/bar:1"],
    [`localhost:5000/app@${D}`, "localhost:5000/app", `localhost:5000/app@${D}`, `localhost:5000/app@${D}`],
    [`ghcr.io/o/a:t@${D}`, "ghcr.io/o/a", `ghcr.io/o/a:t@${D}`, `ghcr.io/o/a:t@${D}`],
  ])("%s", (input, key, full, familiar) => {
    const ref = parseReference(input);
    expect(repositoryKey(ref)).toBe(key);
    expect(formatReference(ref)).toBe(full);
    expect(familiarReference(ref)).toBe(familiar);
    expect(parseReference(formatReference(ref))).toEqual(ref);
  });

  it.each([
    ["docker.io", "registry-1.docker.io"],
    ["ghcr.io", "ghcr.io"],
    ["localhost:5000", "localhost:5000"],
  ])("apiHost(%s)", (reg, host) => expect(apiHost(reg)).toBe(host));
});

describe("isValidTag", () => {
  it.each([
    ["latest", true],
    ["1.2.3", true],
    ["_x", true],
    ["v1-alpine_3.19", true],
    ["a".repeat(128), true],
    ["a".repeat(129), false],
    [".x", false],
    ["-x", false],
    ["", false],
    ["a/b", false],
    ["a:b", false],
  ])("%s -> %s", (tag, ok) => expect(isValidTag(tag)).toBe(ok));
});
