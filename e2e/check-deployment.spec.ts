// Check a deployment: paste Kubernetes YAML or upload a compose file, pick target platforms,
// read each workload's verdict, then watch all of its images in one click.
import { expect, test, type Page } from "@playwright/test";
import { listRepositories, unwatch } from "./support/api";
import { PAGE_READY, waitForHydration } from "./support/hydration";
import { imagesOf } from "./support/state";

function images() {
  const [multi, x86] = imagesOf("checkDeployment");
  return { multi: `${multi.reference}:1.0`, x86: `${x86.reference}:1.0`, repos: [multi.reference, x86.reference] };
}

const k8s = (multi: string, x86: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - { name: web, image: "${multi}" }
        - { name: exporter, image: "${x86}" }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - { name: report, image: "${multi}" }
`;

async function openCheckPage(page: Page) {
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Check a deployment" }).click();
  await expect(page).toHaveURL(/\/check$/);
  await expect(page.getByRole("heading", { level: 1, name: "Check a deployment" })).toBeVisible(PAGE_READY);
  const form = page.getByRole("form", { name: "Check a deployment" });
  await waitForHydration(form.getByRole("textbox", { name: "Compose file or Kubernetes YAML" }));
  return form;
}

test("paste Kubernetes YAML: each workload's verdict for the chosen platforms, then watch all its images", async ({ page, request }) => {
  const { multi, x86, repos } = images();
  for (const r of repos) await unwatch(request, r);
  const form = await openCheckPage(page);

  // Nothing pasted: said plainly, nothing sent.
  await form.getByRole("button", { name: "Check" }).click();
  await expect(form.getByRole("alert")).toHaveText("Paste a docker-compose file or Kubernetes YAML, or choose a file");

  await form.getByRole("textbox", { name: "Compose file or Kubernetes YAML" }).fill(k8s(multi, x86));
  await expect(form.getByRole("checkbox", { name: "linux/amd64" })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "linux/arm64" })).toBeChecked();
  await form.getByRole("button", { name: "Check" }).click();

  const results = page.getByRole("region", { name: "Check results" });
  await expect(results.getByRole("status")).toHaveText("Not every container runs on linux/amd64 and linux/arm64. 2 workloads, 3 containers: 2 ok, 1 missing a platform, 0 could not be checked.");
  const web = results.getByRole("listitem", { name: "deployment/web (namespace shop)" });
  await expect(web).toContainText("Will fail with exec format error on arm64 nodes");
  const exporter = web.getByRole("list", { name: "Containers of deployment/web (namespace shop)" }).getByRole("listitem").filter({ hasText: "exporter" });
  await expect(exporter).toContainText(x86);
  await expect(exporter).toContainText("has linux/amd64; lacks linux/arm64");
  await expect(results.getByRole("listitem", { name: "cronjob/report" })).toContainText("Runs on every target platform");

  // Only amd64 nodes: everything runs.
  await form.getByRole("checkbox", { name: "linux/arm64" }).uncheck();
  await form.getByRole("button", { name: "Check" }).click();
  await expect(results.getByRole("status")).toContainText("Every container runs on linux/amd64.");
  await expect(results.getByRole("listitem", { name: "deployment/web (namespace shop)" })).toContainText("Runs on every target platform");

  // One click watches the two distinct images, each with the tag the deployment runs.
  await results.getByRole("button", { name: "Watch all 2 images" }).click();
  await expect(results.getByRole("status").filter({ hasText: "Added" })).toContainText("Added 2 repositories.");
  const watched = await listRepositories(request);
  for (const r of repos) expect(watched.find((w) => w.reference === r)?.tagPolicy).toEqual({ kind: "tags", tags: ["1.0"] });
});

test("upload a compose file; a file that is neither compose nor Kubernetes gets the server's plain answer", async ({ page }) => {
  const { x86 } = images();
  const form = await openCheckPage(page);
  const compose = `services:\n  api:\n    image: "\${API_IMAGE:-${x86}}"\n  web:\n    build: .\n`;
  await form.getByLabel("Or upload a file").setInputFiles({ name: "compose.yaml", mimeType: "application/yaml", buffer: Buffer.from(compose) });
  await expect(form.getByRole("textbox", { name: "Compose file or Kubernetes YAML" })).toHaveValue(compose);
  await expect(form.getByText(/^From compose\.yaml\./)).toBeVisible();
  await form.getByRole("checkbox", { name: "linux/s390x" }).check();
  await form.getByRole("button", { name: "Check" }).click();
  const results = page.getByRole("region", { name: "Check results" });
  await expect(results.getByRole("listitem", { name: "service api" })).toContainText("Will fail with exec format error on arm64 and s390x nodes");
  await expect(results.getByRole("button", { name: "Watch all 1 image" })).toBeEnabled();

  await form.getByRole("textbox", { name: "Compose file or Kubernetes YAML" }).fill("apiVersion: v1\nkind: ConfigMap\ndata: { a: b }\n");
  await form.getByRole("button", { name: "Check" }).click();
  await expect(form.getByRole("alert")).toContainText("found no container images");
});
