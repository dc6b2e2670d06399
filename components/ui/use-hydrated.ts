"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * False during SSR and hydration, true after. Controls render disabled until then, so input typed
 * before React attaches (by a fast user or a test) is never silently dropped; Playwright's
 * actions wait for the control to become enabled.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
