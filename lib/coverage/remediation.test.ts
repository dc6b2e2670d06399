import { describe, expect, it } from "vitest";
import { annotateFlags, buildxCommand, isReleasedVersion, leadRemediation, manifestCommands, nextPatch, platformForColumn, remediationPlan } from "./remediation";

describe("platformForColumn", () => {
  it.each([
    ["amd64", "linux/amd64"],
    ["arm", "linux/arm/v7"],
    ["arm64", "linux/arm64"],
    ["ppc64le", "linux/ppc64le"],
    ["s390x", "linux/s390x"],
    ["386", "linux/386"],
    ["riscv64", "linux/riscv64"],
    ["windows/amd64", "windows/amd64"],
  ])("%s -> %s", (column, platform) => {
    expect(platformForColumn(column)).toBe(platform);
  });
});

describe("buildxCommand", () => {
  it.each([
    {
      name: "orders platforms and drops duplicates",
      columns: ["s390x", "amd64", "arm64", "amd64"],
      want: "docker buildx build --platform linux/amd64,linux/arm64,linux/s390x -t ghcr.io/acme/api:1.2 --push .",
    },
    {
      name: "skips windows columns",
      columns: ["amd64", "windows/amd64", "arm"],
      want: "docker buildx build --platform linux/amd64,linux/arm/v7 -t ghcr.io/acme/api:1.2 --push .",
    },
    {
      name: "keeps unknown extra columns last",
      columns: ["loong64", "amd64"],
      want: "docker buildx build --platform linux/amd64,linux/loong64 -t ghcr.io/acme/api:1.2 --push .",
    },
  ])("$name", ({ columns, want }) => {
    expect(buildxCommand("ghcr.io/acme/api:1.2", columns)).toBe(want);
  });
});

describe("annotateFlags", () => {
  it.each([
    { column: "arm64", reference: "docker.io/arm64v8/nginx:1", want: "--os linux --arch arm64 --variant v8" },
    { column: "arm", reference: "docker.io/arm32v6/nginx:1", want: "--os linux --arch arm --variant v6" },
    { column: "arm", reference: "docker.io/arm32v5/nginx:1", want: "--os linux --arch arm --variant v5" },
    { column: "arm", reference: "registry.example/team/nginx-arm:1", want: "--os linux --arch arm --variant v7" },
    { column: "ppc64le", reference: "docker.io/ppc64le/nginx:1", want: "--os linux --arch ppc64le" },
    { column: "windows/amd64", reference: "docker.io/winamd64/nginx:1", want: "--os windows --arch amd64" },
  ])("$column from $reference", ({ column, reference, want }) => {
    expect(annotateFlags({ column, reference }).join(" ")).toBe(want);
  });
});

describe("manifestCommands", () => {
  it("creates, annotates each sibling, and pushes", () => {
    expect(
      manifestCommands(
        "docker.io/acme/app:1",
        [
          { column: "arm64", reference: "docker.io/arm64v8/app:1" },
          { column: "s390x", reference: "docker.io/s390x/app:1" },
        ],
        true,
      ),
    ).toEqual([
      "docker manifest create docker.io/acme/app:1 --amend docker.io/acme/app:1 --amend docker.io/arm64v8/app:1 --amend docker.io/s390x/app:1",
      "docker manifest annotate docker.io/acme/app:1 docker.io/arm64v8/app:1 --os linux --arch arm64 --variant v8",
      "docker manifest annotate docker.io/acme/app:1 docker.io/s390x/app:1 --os linux --arch s390x",
      "docker manifest push docker.io/acme/app:1",
    ]);
  });

  it("leaves the current image out when asked", () => {
    const [create] = manifestCommands("x/app:1", [{ column: "arm64", reference: "arm64v8/app:1" }], false);
    expect(create).toBe("docker manifest create x/app:1 --amend arm64v8/app:1");
  });
});

describe("remediationPlan", () => {
  const base = { repository: "ghcr.io/acme/api", tag: "latest" };
  it.each([
    {
      name: "nothing missing -> no steps",
      input: { ...base, present: ["amd64", "arm64"], missing: [] },
      stepIds: [],
      summary: "ghcr.io/acme/api:latest already covers every required architecture.",
    },
    {
      name: "missing linux arches -> buildx with present + missing",
      input: { ...base, present: ["amd64"], missing: ["arm64", "s390x"] },
      stepIds: ["buildx"],
      summary: "ghcr.io/acme/api:latest is missing arm64, s390x.",
      contains: "docker buildx build --platform linux/amd64,linux/arm64,linux/s390x -t ghcr.io/acme/api:latest --push .",
    },
    {
      name: "all missing covered by siblings -> only combine",
      input: {
        ...base,
        present: ["amd64"],
        missing: ["arm64"],
        siblings: [{ column: "arm64", reference: "docker.io/arm64v8/api:latest" }],
      },
      stepIds: ["combine-siblings"],
      contains: "docker manifest annotate ghcr.io/acme/api:latest docker.io/arm64v8/api:latest --os linux --arch arm64 --variant v8",
    },
    {
      name: "siblings for some, buildx for the rest",
      input: {
        ...base,
        present: ["amd64"],
        missing: ["arm64", "ppc64le"],
        siblings: [{ column: "arm64", reference: "docker.io/arm64v8/api:latest" }],
      },
      stepIds: ["combine-siblings", "buildx"],
    },
    {
      name: "siblings for a column that is not missing are ignored",
      input: {
        ...base,
        present: ["amd64", "arm64"],
        missing: ["s390x"],
        siblings: [{ column: "arm64", reference: "docker.io/arm64v8/api:latest" }],
      },
      stepIds: ["buildx"],
    },
    {
      name: "index source -> imagetools create instead of manifest create",
      input: {
        ...base,
        present: ["amd64", "arm64"],
        missing: ["s390x"],
        isIndex: true,
        siblings: [{ column: "s390x", reference: "docker.io/s390x/api:latest" }],
      },
      stepIds: ["combine-siblings"],
      contains: "docker buildx imagetools create -t ghcr.io/acme/api:latest ghcr.io/acme/api:latest docker.io/s390x/api:latest",
    },
    {
      name: "windows gap -> windows step, no buildx",
      input: { ...base, present: ["amd64"], missing: ["windows/amd64"] },
      stepIds: ["windows"],
    },
  ])("$name", ({ input, stepIds, summary, contains }) => {
    const plan = remediationPlan(input);
    expect(plan.target).toBe("ghcr.io/acme/api:latest");
    expect(plan.steps.map((s) => s.id)).toEqual(stepIds);
    if (summary) expect(plan.summary).toBe(summary);
    if (contains) expect(plan.steps.flatMap((s) => s.commands)).toContain(contains);
  });
});

describe("leadRemediation: one block to start from", () => {
  const repo = "ghcr.io/acme/api";
  it("starts from latest, rebuilt in place (a moving tag), covering every tag's gaps", () => {
    const lead = leadRemediation(repo, [
      { tag: "2.3.0", present: ["amd64", "arm64"], missing: ["arm", "ppc64le", "s390x"] },
      { tag: "latest", present: ["amd64"], missing: ["arm", "arm64", "ppc64le", "s390x"] },
    ])!;
    expect([lead.from, lead.publishAs]).toEqual(["latest", "latest"]);
    expect(lead.plan.target).toBe(`${repo}:latest`);
    expect(lead.plan.steps.at(-1)!.commands.at(-1)).toBe(`docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7,linux/ppc64le,linux/s390x -t ${repo}:latest --push .`);
    expect(lead.others.map((t) => t.tag)).toEqual(["2.3.0"]);
  });
  it("never rebuilds over a released version: the newest, 2.3.0, is published as 2.3.1", () => {
    const lead = leadRemediation(repo, [
      { tag: "2.3.0", present: ["amd64"], missing: ["arm64"] },
      { tag: "2.2.9", present: ["amd64", "arm64"], missing: ["s390x"] },
    ])!;
    expect([lead.from, lead.publishAs]).toEqual(["2.3.0", "2.3.1"]);
    expect(lead.missing).toEqual(["arm64", "s390x"]);
    const commands = lead.plan.steps.flatMap((s) => s.commands).join("\n");
    expect(commands).toContain(`-t ${repo}:2.3.1 `);
    expect(commands).not.toContain(`-t ${repo}:2.3.0`);
    expect(lead.why).toMatch(/released version/);
  });
  it("siblings are combined into the new tag from the released one", () => {
    const lead = leadRemediation(repo, [{ tag: "1.4.2", present: ["amd64"], missing: ["arm64"], isIndex: true }], [{ column: "arm64", reference: "docker.io/arm64v8/api:1.4.2" }])!;
    expect(lead.plan.steps[0].commands[0]).toBe(`docker buildx imagetools create -t ${repo}:1.4.3 ${repo}:1.4.2 docker.io/arm64v8/api:1.4.2`);
  });
  it("classifies tags", () => {
    expect(["2.3.0", "v1.4.2-alpine", "1.0.0+build"].map(isReleasedVersion)).toEqual([true, true, true]);
    expect(["latest", "1.2", "stable", "main"].map(isReleasedVersion)).toEqual([false, false, false, false]);
    expect(nextPatch("v1.4.2-alpine")).toBe("v1.4.3-alpine");
  });
  it("nothing to do when no tag has a gap", () => {
    expect(leadRemediation(repo, [{ tag: "latest", present: ["amd64"], missing: [] }])).toBeNull();
  });
});
