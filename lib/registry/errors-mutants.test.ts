// errors.ts on its own: the status mapping, error-body parsing, message cleaning and secret
// redaction, with exact messages. These messages are stored per tag and shown to users, so their
// wording is part of what is promised; the real-registry suites reach only a few branches.
import { describe, expect, it } from "vitest";
import { MESSAGE_CAP, RegistryError, errorForStatus, isRegistryError, parseErrorBody, redactSecrets, sanitizeMessage, type ErrorTarget } from "./errors";

const manifest: ErrorTarget = { registry: "r.example", repository: "team/app", subject: "team/app:1.0", kind: "manifest" };
const tags: ErrorTarget = { registry: "r.example", repository: "team/app", subject: "tags of team/app", kind: "tags" };
const blob: ErrorTarget = { registry: "r.example", repository: "team/app", subject: "sha256:abc", kind: "blob" };
const api: ErrorTarget = { registry: "r.example", subject: "/v2/", kind: "api" };

describe("errorForStatus", () => {
  it("401: unauthorized, names the repository and how to log in", () => {
    const e = errorForStatus(401, manifest, { code: "UNAUTHORIZED", message: "ignored" }, 3);
    expect([e.code, e.status, e.registryCode, e.retryAfterSeconds, e.temporary]).toEqual(["unauthorized", 401, "UNAUTHORIZED", 3, false]);
    expect(e.message).toBe(
      'registry r.example refused access to "team/app" (UNAUTHORIZED): the repository may not exist, or it is private and needs credentials (docker login, or config.json in DOCKER_CONFIG)',
    );
    // Without a repository the subject is named; without a registry code, the HTTP status.
    expect(errorForStatus(401, api, {}).message).toMatch(/^registry r\.example refused access to "\/v2\/" \(HTTP 401\): /);
  });

  it("403: forbidden, with what the registry said", () => {
    const e = errorForStatus(403, manifest, { code: "DENIED", message: "  no\n way " });
    expect([e.code, e.message]).toEqual(["forbidden", 'registry r.example denies access to "team/app" (DENIED): no way']);
    expect(errorForStatus(403, manifest, {}).message).toBe('registry r.example denies access to "team/app" (HTTP 403)');
  });

  it("404: repository, manifest, blob or nothing, by registry code and by what was asked", () => {
    const e1 = errorForStatus(404, manifest, { code: "NAME_UNKNOWN" });
    expect([e1.code, e1.message]).toEqual(["repository-not-found", 'registry r.example says repository "team/app" does not exist (NAME_UNKNOWN)']);
    expect(errorForStatus(404, tags, {}).code).toBe("repository-not-found");
    // A tags listing answering MANIFEST_UNKNOWN is about a manifest, not the repository.
    const e2 = errorForStatus(404, tags, { code: "MANIFEST_UNKNOWN" });
    expect([e2.code, e2.message]).toEqual(["tag-not-found", 'registry r.example has no manifest for "tags of team/app" (MANIFEST_UNKNOWN)']);
    const e3 = errorForStatus(404, manifest, {});
    expect([e3.code, e3.message]).toEqual(["tag-not-found", 'registry r.example has no manifest for "team/app:1.0" (HTTP 404)']);
    expect(errorForStatus(404, blob, { code: "MANIFEST_UNKNOWN" }).code).toBe("tag-not-found");
    const e4 = errorForStatus(404, blob, { code: "BLOB_UNKNOWN" });
    expect([e4.code, e4.message]).toEqual(["invalid-response", 'registry r.example is missing blob sha256:abc that a manifest of "team/app" refers to (BLOB_UNKNOWN)']);
    const e5 = errorForStatus(404, api, {});
    expect([e5.code, e5.message]).toEqual(["invalid-response", "registry r.example has nothing at /v2/ (HTTP 404)"]);
    expect(e5.temporary).toBe(false);
  });

  it("429: rate-limited and temporary, with the wait when known", () => {
    const e = errorForStatus(429, manifest, { code: "TOOMANYREQUESTS" }, 0);
    expect([e.code, e.temporary, e.retryAfterSeconds]).toEqual(["rate-limited", true, 0]);
    expect(e.message).toBe('registry r.example is rate limiting requests for "team/app" (TOOMANYREQUESTS); retry after 0 s');
    expect(errorForStatus(429, manifest, {}).message).toBe('registry r.example is rate limiting requests for "team/app" (HTTP 429)');
  });

  it("408 and 5xx: unavailable and temporary; 499 is not", () => {
    for (const status of [408, 500, 503]) {
      const e = errorForStatus(status, manifest, { message: "down" });
      expect([e.code, e.temporary, e.status]).toEqual(["registry-unavailable", true, status]);
      expect(e.message).toBe(`registry r.example failed to answer for "team/app:1.0" (HTTP ${status}): down`);
    }
    const e = errorForStatus(499, manifest, {});
    expect([e.code, e.temporary, e.message]).toEqual(["invalid-response", false, 'registry r.example answered HTTP 499 for "team/app:1.0"']);
  });

  it("400: invalid-reference only for the registry's name, tag and digest codes", () => {
    for (const rc of ["NAME_INVALID", "TAG_INVALID", "DIGEST_INVALID"]) {
      const e = errorForStatus(400, manifest, { code: rc, message: "bad" });
      expect([e.code, e.message]).toEqual(["invalid-reference", `registry r.example rejects "team/app:1.0" as invalid (${rc}): bad`]);
    }
    const e = errorForStatus(400, manifest, { code: "SIZE_INVALID", message: "bad" });
    expect([e.code, e.message]).toEqual(["invalid-response", 'registry r.example answered HTTP 400 for "team/app:1.0" (SIZE_INVALID): bad']);
    expect(errorForStatus(400, manifest, {}).code).toBe("invalid-response");
    // Only a 400 carries a reference complaint: another 4xx naming NAME_INVALID is just an answer.
    expect(errorForStatus(422, manifest, { code: "NAME_INVALID" }).code).toBe("invalid-response");
  });

  it("clips what the registry said to 200 characters", () => {
    const e = errorForStatus(403, manifest, { message: "x".repeat(500) });
    expect(e.message.endsWith(`: ${"x".repeat(199)}…`)).toBe(true);
  });
});

describe("parseErrorBody", () => {
  it("reads the first entry of a distribution error body", () => {
    expect(parseErrorBody('{"errors":[{"code":"DENIED","message":"no"},{"code":"X"}]}')).toEqual({ code: "DENIED", message: "no" });
    expect(parseErrorBody('{"errors":[{"code":1,"message":["no"]}]}')).toEqual({ code: undefined, message: undefined });
  });
  it("falls back to message, error_message, detail or error, in that order", () => {
    expect(parseErrorBody('{"errors":[],"detail":"d","error":"e"}')).toEqual({ message: "d" });
    expect(parseErrorBody('{"errors":[null],"error_message":"m"}')).toEqual({ message: "m" });
    expect(parseErrorBody('{"error":"e","message":"m"}')).toEqual({ message: "m" });
    expect(parseErrorBody('{"error":"e"}')).toEqual({ message: "e" });
    expect(parseErrorBody('{"message":5,"error":"e"}')).toEqual({ message: "e" });
    // A first entry that is not an object is skipped, not read as an empty error.
    expect(parseErrorBody('{"errors":["x"],"message":"m"}')).toEqual({ message: "m" });
  });
  it("answers nothing for other shapes and non-JSON", () => {
    for (const t of ["", "not json", "null", "42", '"text"', "[]", '{"errors":"x"}', '{"other":1}']) expect(parseErrorBody(t)).toEqual({});
  });
});

describe("sanitizeMessage", () => {
  it("turns line breaks and tabs into one space, drops control and invisible characters, trims", () => {
    expect(sanitizeMessage(" a\tb\r\n\nc\u00a0d\u2028e ")).toBe("a b c d e");
    expect(sanitizeMessage("a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg")).toBe("abcdefg");
    expect(sanitizeMessage("a\u200bb\u200fc\u202ad\u202ee\u2060f\u2064g\u2066h\u206fi\ufeffj")).toBe("abcdefghij");
    expect(sanitizeMessage("a  \u2003 b")).toBe("a b");
  });
  it("caps the length with an ellipsis, at MESSAGE_CAP by default", () => {
    expect(sanitizeMessage("abcdef", 6)).toBe("abcdef");
    expect(sanitizeMessage("abcdefg", 6)).toBe("abcde…");
    expect(sanitizeMessage("y".repeat(MESSAGE_CAP))).toHaveLength(MESSAGE_CAP);
    expect(sanitizeMessage("y".repeat(MESSAGE_CAP + 1))).toBe(`${"y".repeat(MESSAGE_CAP - 1)}…`);
  });
});

describe("RegistryError and redactSecrets", () => {
  it("cleans its message, keeps a cause only when given, and is temporary by code unless told", () => {
    const cause = new Error("socket");
    const e = new RegistryError("timeout", "slow\nanswer", { cause });
    expect([e.name, e.message, e.temporary, e.cause]).toEqual(["RegistryError", "slow answer", true, cause]);
    expect("cause" in new RegistryError("timeout", "x")).toBe(false);
    expect(new RegistryError("timeout", "x", { temporary: false }).temporary).toBe(false);
    expect(new RegistryError("forbidden", "x").temporary).toBe(false);
    expect(isRegistryError(e)).toBe(true);
    expect(isRegistryError(new Error("x"))).toBe(false);
  });

  it("replaces every secret of 4 characters or more, longest first, keeping the rest of the error", () => {
    const e = new RegistryError("unauthorized", "token abcdef and abcdefgh and abc", { status: 401, registryCode: "UNAUTHORIZED", temporary: true, retryAfterSeconds: 7 });
    const r = redactSecrets(e, ["abcdef", undefined, "abcdefgh", "abc"]);
    expect(r.message).toBe("token [redacted] and [redacted] and abc");
    expect([r.code, r.status, r.registryCode, r.temporary, r.retryAfterSeconds]).toEqual(["unauthorized", 401, "UNAUTHORIZED", true, 7]);
    expect(redactSecrets(e, ["zzzz", "abc"])).toBe(e);
    // One secret present is enough, whatever the others.
    expect(redactSecrets(e, ["zzzz", "abcdefgh"]).message).toBe("token abcdef and [redacted] and abc");
    // Four characters is enough to be a secret.
    expect(redactSecrets(new RegistryError("forbidden", "pw abcd"), ["abcd"]).message).toBe("pw [redacted]");
  });
});
