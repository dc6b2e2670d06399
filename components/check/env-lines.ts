// The "Variables" box of the check form: KEY=value lines, as a compose .env file holds them.

/** KEY=value per line; # comments and blank lines skipped; surrounding quotes dropped. */
export function parseEnvLines(text: string): { env: Record<string, string>; problem?: string } {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (!m) return { env, problem: `line ${i + 1} is not KEY=value: ${line}` };
    const v = m[2].trim();
    env[m[1]] = /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
  }
  return { env };
}
