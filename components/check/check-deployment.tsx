"use client";

import { CheckForm } from "./check-form";
import { CheckResults } from "./check-results";
import { useCheckMutation } from "./use-check";

/** The "Check a deployment" page: the form, then the verdict of the last check. */
export function CheckDeployment() {
  const check = useCheckMutation();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Check a deployment</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Paste a docker-compose file or Kubernetes manifests and pick the platforms of your nodes: archgrid reads each image&apos;s manifest and says which workloads would fail with <code>exec format error</code>. Nothing is stored until you choose to watch the images.
        </p>
      </div>
      <CheckForm pending={check.isPending} serverError={check.error ? check.error.message : null} onCheck={(input) => check.mutate(input)} />
      {check.data && !check.isPending ? <CheckResults key={JSON.stringify(check.data.images)} result={check.data} /> : null}
    </div>
  );
}
