// Whole remediation plans held to their exact text: the commands are what a maintainer pastes
// into a shell, so every word counts. One plan per path through remediationPlan.
import { describe, expect, it } from "vitest";
import { annotateFlags, buildxCommand, remediationPlan } from "./remediation";

describe("remediationPlan, exactly", () => {
  it("siblings for some columns, the rest by buildx (current image included in the list)", () => {
    expect(
      remediationPlan({
        repository: "docker.io/library/nginx",
        tag: "1.27",
        present: ["amd64"],
        missing: ["s390x", "arm64", "arm", "riscv64"],
        siblings: [
          { column: "arm64", reference: "docker.io/arm64v8/nginx:1.27" },
          { column: "arm", reference: "docker.io/arm32v6/nginx:1.27" },
          { column: "ppc64le", reference: "docker.io/ppc64le/nginx:1.27" },
        ],
      }),
    ).toMatchInlineSnapshot(`
      {
        "steps": [
          {
            "commands": [
              "docker manifest create docker.io/library/nginx:1.27 --amend docker.io/library/nginx:1.27 --amend docker.io/arm64v8/nginx:1.27 --amend docker.io/arm32v6/nginx:1.27",
              "docker manifest annotate docker.io/library/nginx:1.27 docker.io/arm64v8/nginx:1.27 --os linux --arch arm64 --variant v8",
              "docker manifest annotate docker.io/library/nginx:1.27 docker.io/arm32v6/nginx:1.27 --os linux --arch arm --variant v6",
              "docker manifest push docker.io/library/nginx:1.27",
              "# or, in one step: docker buildx imagetools create -t docker.io/library/nginx:1.27 docker.io/library/nginx:1.27 docker.io/arm64v8/nginx:1.27 docker.io/arm32v6/nginx:1.27",
            ],
            "explanation": "These architectures already exist as separate arch-prefixed images. Combine them into one manifest list so users on every machine pull the same name.",
            "id": "combine-siblings",
            "title": "Publish arm64, arm under one name",
          },
          {
            "commands": [
              "docker run --privileged --rm tonistiigi/binfmt --install all",
              "docker buildx create --use --name multiarch",
              "docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7,linux/s390x,linux/riscv64 -t docker.io/library/nginx:1.27 --push .",
            ],
            "explanation": "Rebuild the image for every Linux architecture at once (adding s390x, riscv64) and push one multi-arch manifest list. QEMU emulation lets one amd64 machine build them all (slower); native builders are faster.",
            "id": "buildx",
            "title": "Or rebuild every architecture with docker buildx",
          },
        ],
        "summary": "docker.io/library/nginx:1.27 is missing arm64, arm, s390x, riscv64.",
        "target": "docker.io/library/nginx:1.27",
      }
    `);
  });

  it("siblings only, nothing present yet, from an index: imagetools only", () => {
    expect(
      remediationPlan({
        repository: "ghcr.io/acme/api",
        tag: "2",
        present: [],
        missing: ["arm64"],
        siblings: [{ column: "arm64", reference: "ghcr.io/acme/arm64v8-api:2" }],
        isIndex: true,
      }),
    ).toMatchInlineSnapshot(`
      {
        "steps": [
          {
            "commands": [
              "docker buildx imagetools create -t ghcr.io/acme/api:2 ghcr.io/acme/api:2 ghcr.io/acme/arm64v8-api:2",
            ],
            "explanation": "These architectures already exist as separate arch-prefixed images. Combine them into one manifest list so users on every machine pull the same name.",
            "id": "combine-siblings",
            "title": "Publish arm64 under one name",
          },
        ],
        "summary": "ghcr.io/acme/api:2 is missing arm64.",
        "target": "ghcr.io/acme/api:2",
      }
    `);
  });

  it("siblings only, nothing present, from a single image: the current image is not a source", () => {
    expect(
      remediationPlan({ repository: "ghcr.io/acme/api", tag: "2", present: [], missing: ["arm64"], siblings: [{ column: "arm64", reference: "ghcr.io/acme/arm64v8-api:2" }] }).steps[0]
        .commands,
    ).toMatchInlineSnapshot(`
      [
        "docker manifest create ghcr.io/acme/api:2 --amend ghcr.io/acme/arm64v8-api:2",
        "docker manifest annotate ghcr.io/acme/api:2 ghcr.io/acme/arm64v8-api:2 --os linux --arch arm64 --variant v8",
        "docker manifest push ghcr.io/acme/api:2",
        "# or, in one step: docker buildx imagetools create -t ghcr.io/acme/api:2 ghcr.io/acme/arm64v8-api:2",
      ]
    `);
  });

  it("buildx alone, Windows alone, and nothing to do", () => {
    expect(remediationPlan({ repository: "quay.io/acme/db", tag: "15", present: ["amd64", "windows/amd64"], missing: ["mips64le", "386", "arm64", "zzz"] })).toMatchInlineSnapshot(`
      {
        "steps": [
          {
            "commands": [
              "docker run --privileged --rm tonistiigi/binfmt --install all",
              "docker buildx create --use --name multiarch",
              "docker buildx build --platform linux/amd64,linux/arm64,linux/386,linux/mips64le,linux/zzz -t quay.io/acme/db:15 --push .",
            ],
            "explanation": "Rebuild the image for every Linux architecture at once (adding arm64, 386, mips64le, zzz) and push one multi-arch manifest list. QEMU emulation lets one amd64 machine build them all (slower); native builders are faster.",
            "id": "buildx",
            "title": "Build arm64, 386, mips64le, zzz with docker buildx",
          },
        ],
        "summary": "quay.io/acme/db:15 is missing arm64, 386, mips64le, zzz.",
        "target": "quay.io/acme/db:15",
      }
    `);
    expect(remediationPlan({ repository: "quay.io/acme/db", tag: "15", present: ["amd64"], missing: ["windows/amd64"] })).toMatchInlineSnapshot(`
      {
        "steps": [
          {
            "commands": [
              "docker manifest create quay.io/acme/db:15 --amend quay.io/acme/db:15 --amend quay.io/acme/db:15-windows-ltsc2022",
              "docker manifest push quay.io/acme/db:15",
            ],
            "explanation": "Windows images are built on Windows hosts, one per Windows Server version (2019 10.0.17763, 2022 10.0.20348, 2025 10.0.26100). Push each, then add them to the list; Docker picks the entry whose os.version matches the host.",
            "id": "windows",
            "title": "Add a Windows image",
          },
        ],
        "summary": "quay.io/acme/db:15 is missing windows/amd64.",
        "target": "quay.io/acme/db:15",
      }
    `);
    expect(remediationPlan({ repository: "quay.io/acme/db", tag: "15", present: ["amd64"], missing: [] })).toMatchInlineSnapshot(`
      {
        "steps": [],
        "summary": "quay.io/acme/db:15 already covers every required architecture.",
        "target": "quay.io/acme/db:15",
      }
    `);
  });

  it("from an index, every sibling is a source of imagetools, space-separated", () => {
    const plan = remediationPlan({
      repository: "r.io/a",
      tag: "1",
      present: ["amd64"],
      missing: ["arm64", "s390x"],
      siblings: [
        { column: "s390x", reference: "r.io/s390x/a:1" },
        { column: "arm64", reference: "r.io/arm64v8/a:1" },
      ],
      isIndex: true,
    });
    expect(plan.steps.map((s) => s.commands)).toEqual([["docker buildx imagetools create -t r.io/a:1 r.io/a:1 r.io/s390x/a:1 r.io/arm64v8/a:1"]]);
  });

  it("arm variants come from the sibling's arm32vN prefix only at a path boundary", () => {
    expect(annotateFlags({ column: "arm", reference: "docker.io/arm32v5/x:1" })).toEqual(["--os", "linux", "--arch", "arm", "--variant", "v5"]);
    expect(annotateFlags({ column: "arm", reference: "arm32v6/x:1" })).toEqual(["--os", "linux", "--arch", "arm", "--variant", "v6"]);
    expect(annotateFlags({ column: "arm", reference: "docker.io/myarm32v5/x:1" })).toEqual(["--os", "linux", "--arch", "arm", "--variant", "v7"]);
    expect(buildxCommand("a:1", ["zzz", "aaa", "s390x", "windows/amd64", "amd64"])).toBe("docker buildx build --platform linux/amd64,linux/s390x,linux/aaa,linux/zzz -t a:1 --push .");
  });
});
