// The buildx step rebuilds Linux architectures only: Windows columns, present or missing, never
// reach its --platform list (buildx cannot build Windows images from a Linux Dockerfile).
import { describe, expect, it } from "vitest";
import { remediationPlan } from "./remediation";

describe("buildx --platform list", () => {
  it("leaves out Windows columns on both sides", () => {
    const plan = remediationPlan({ repository: "ghcr.io/acme/api", tag: "1.0", present: ["amd64", "windows/amd64"], missing: ["arm64", "windows/arm64"] });
    const buildx = plan.steps.find((s) => s.id === "buildx");
    const cmd = buildx?.commands.at(-1) ?? "";
    expect(cmd).toMatch(/--platform linux\/amd64,linux\/arm64 /);
    expect(cmd).not.toMatch(/windows/);
  });
});
