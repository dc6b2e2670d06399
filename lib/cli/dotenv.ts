// The `.env` file docker compose reads from the project folder (the compose file's folder) to
// fill `${VAR}` in the file; variables set in the environment win over it, as in compose.
// Real projects keep their image tags there (`image: "$APP_IMAGE"` with APP_IMAGE in .env).
import fs from "node:fs/promises";
import path from "node:path";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** KEY=VALUE lines; '…' literal, "…" with \n \t \" \\ escapes, unquoted values lose a trailing " # comment". */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(raw)) continue;
    const m = LINE.exec(raw);
    if (!m) continue;
    const [, key, rest] = m;
    const v = rest.trim();
    if (v.startsWith("'")) {
      const end = v.indexOf("'", 1);
      out[key] = end > 0 ? v.slice(1, end) : v.slice(1);
    } else if (v.startsWith('"')) {
      let s = "";
      let i = 1;
      for (; i < v.length && v[i] !== '"'; i++) {
        if (v[i] === "\\" && i + 1 < v.length) {
          const n = v[++i];
          s += n === "n" ? "\n" : n === "t" ? "\t" : n === "r" ? "\r" : n;
        } else s += v[i];
      }
      out[key] = s;
    } else {
      out[key] = v.replace(/\s+#.*$/, "");
    }
  }
  return out;
}

/** The environment compose would interpolate a file in `dir` with: its .env, overridden by `env`. */
export async function composeEnv(dir: string, env: Record<string, string | undefined>): Promise<Record<string, string | undefined>> {
  let text = "";
  try {
    text = await fs.readFile(path.join(dir, ".env"), "utf8");
  } catch {
    return { ...env };
  }
  return { ...parseDotEnv(text), ...env };
}
