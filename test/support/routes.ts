// Test-only: calling the app's route handlers in-process, as Next.js does (a Request in, a
// Response out), plus a poll that uses the real clock (safe beside fake Date/setInterval).
import { expect } from "vitest";

const base = "http://archgrid.test";

export const get = (path: string, headers: Record<string, string> = {}) => new Request(base + path, { headers });

export const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(base + path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

/** The second argument of a dynamic route handler (`[id]`). */
export const idCtx = (id: string) => ({ params: Promise.resolve({ id }) });

/** Reads a JSON answer after checking its status (the body is shown when the status is wrong). */
export async function expectJson<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** The error envelope `{ error: { code, message } }` with the given status. */
export async function expectError(res: Response, status: number, code: string): Promise<string> {
  const body = await expectJson<{ error: { code: string; message: string } }>(res, status);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

/** Polls `fn` (real setTimeout, never faked in these tests) until it returns a value. */
export async function until<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
