// Waiting for React to own the page before typing into it. A controlled input that is filled
// while the server-rendered HTML is not hydrated yet loses the text (React resets it to its
// state), which on a loaded machine turns into flaky "the URL never changed" failures.
import { expect, type Locator } from "@playwright/test";

/** Resolves once React has attached its props to `target` (hydration reached it). */
export async function waitForHydration(target: Locator): Promise<void> {
  await expect
    .poll(() => target.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"))), {
      message: "React never hydrated the page",
      timeout: 30_000,
    })
    .toBe(true);
}

/**
 * For the first wait after a navigation: the page's data is fetched only once React runs, and
 * on a busy 2-core machine parsing and hydrating the bundle alone has taken 10-20 s.
 */
export const PAGE_READY = { timeout: 30_000 } as const;
