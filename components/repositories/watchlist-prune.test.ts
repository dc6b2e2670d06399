import { describe, expect, it } from "vitest";
import { absentFromFile } from "./watchlist-prune";

const watched = ["docker.io/library/nginx", "ghcr.io/acme/api", "ghcr.io/acme/worker", "localhost:5000/app"];

describe("absentFromFile (the prune confirmation's count)", () => {
  it("names watched repositories the file leaves out, reading references as the server does", () => {
    const yaml = "repositories:\n  - nginx:1.27\n  - reference: ghcr.io/acme/api\n    tagPolicy: { kind: newest, count: 3 }\n  - localhost:5000/app@sha256:" + "a".repeat(64) + "\n";
    expect(absentFromFile(yaml, watched)).toEqual(["ghcr.io/acme/worker"]);
  });
  it("reads JSON too; an empty list would remove everything", () => {
    expect(absentFromFile('{"repositories": []}', watched)).toEqual([...watched].sort());
  });
  it.each(["not: [valid", "repositories: 7", "repositories:\n  - Not/Valid\n", "repositories:\n  - { tags: [a] }\n"])("%j: unreadable, so no count is claimed", (text) => {
    expect(absentFromFile(text, watched)).toBeNull();
  });
});
