// What a failed scan stores per tag and repository is served by /api/coverage and printed in
// reports: a registry's own (sanitized) words, or for anything else a fixed sentence, never
// library text such as a Prisma error (issue 10: "an internal error with Prisma text for one tag").
import { afterEach, describe, expect, it, vi } from "vitest";
import { RegistryError } from "../registry";
import { describeError } from "./scan-repository";

afterEach(() => vi.restoreAllMocks());

describe("describeError", () => {
  it("keeps a registry error's code and message", () => {
    expect(describeError(new RegistryError("tag-not-found", "registry r has no manifest for \"a:1\""))).toEqual({ code: "tag-not-found", message: 'registry r has no manifest for "a:1"' });
  });

  it.each([
    new Error("\nInvalid `prisma.tag.upsert()` invocation in\n/srv/archgrid/lib/queries/tags.ts:136:5\n\nUnique constraint failed on the fields: (`repositoryId`,`name`)"),
    Object.assign(new Error("SqliteError: database is locked"), { code: "SQLITE_BUSY" }),
    "a thrown string with /etc/secrets/path",
  ])("stores a fixed sentence for %s, and logs the real error", (e) => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const d = describeError(e);
    expect(d.code).toBe("internal-error");
    expect(d.message).toBe("archgrid hit an unexpected error while scanning this repository; see the server log");
    expect(log).toHaveBeenCalledTimes(1);
  });
});
