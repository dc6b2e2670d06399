"use client";

import { useMutation } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";
import type { ApiErrorBody } from "@/lib/api-types";
import type { CheckRequest } from "@/lib/validations/check";
import type { DocumentCheck } from "@/lib/workloads/check";

/** POST /api/checks; the server's error envelope becomes an ApiError in its own words. */
export async function postCheck(input: CheckRequest): Promise<DocumentCheck> {
  let res: Response;
  try {
    res = await fetch("/api/checks", { method: "POST", headers: { accept: "application/json", "content-type": "application/json" }, body: JSON.stringify(input) });
  } catch {
    throw new ApiError("Could not reach the archgrid server. Is it running?", 0, "network-error");
  }
  const body = (await res.json().catch(() => undefined)) as DocumentCheck | Partial<ApiErrorBody> | undefined;
  if (!res.ok) {
    const err = (body as Partial<ApiErrorBody> | undefined)?.error;
    throw new ApiError(err?.message ?? `The server answered ${res.status}`, res.status, err?.code ?? "http-error");
  }
  return body as DocumentCheck;
}

/** A check stores nothing, so nothing is invalidated. */
export function useCheckMutation() {
  return useMutation({ mutationFn: postCheck });
}
