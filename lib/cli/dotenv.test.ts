// compose's .env: the formats real projects write.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { composeEnv, parseDotEnv } from "./dotenv";

describe("parseDotEnv", () => {
  it("KEY=VALUE lines, comments, export, quotes, inline comments", () => {
    const text = [
      "# images",
      "APP_IMAGE=ghcr.io/org/app:1.2 # pinned in release 7",
      "export DB_TAG=16-alpine",
      "QUOTED=\"a \\\"b\\\" #not-a-comment\"",
      "LITERAL='x $y #z'",
      "EMPTY=",
      "  SPACED = value  ",
      "not a line",
      "",
    ].join("\n");
    expect(parseDotEnv(text)).toEqual({ APP_IMAGE: "ghcr.io/org/app:1.2", DB_TAG: "16-alpine", QUOTED: 'a "b" #not-a-comment', LITERAL: "x $y #z", EMPTY: "", SPACED: "value" });
  });

  it("the environment wins over .env; a folder without .env gives the environment", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archgrid-dotenv-"));
    try {
      expect(await composeEnv(dir, { A: "env" })).toEqual({ A: "env" });
      fs.writeFileSync(path.join(dir, ".env"), "A=file\nB=file\n");
      expect(await composeEnv(dir, { A: "env" })).toEqual({ A: "env", B: "file" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
