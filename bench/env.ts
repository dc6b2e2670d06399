// The benches' settings from the environment (bench/run.ts, bench/workers.ts): whole numbers and
// lists of them, refused in words, before anything starts, when malformed.

/** `name` as an integer >= `min`; `fallback` when unset or empty. */
export function intEnv(name: string, fallback: number, min = 1): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** `name` as a comma-separated list of integers in [min, max] (`fallback` when unset); `what` names them in the error. */
export function intListEnv(name: string, fallback: string, what: string, min = 1, max = Infinity): number[] {
  return (process.env[name] ?? fallback).split(",").map((x) => {
    const n = Number(x.trim());
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must list ${what}, got ${JSON.stringify(x)}`);
    return n;
  });
}
