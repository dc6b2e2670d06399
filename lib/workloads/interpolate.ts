// docker compose variable interpolation, as the Compose specification defines it
// (compose-spec "Interpolation"): $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
// ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, nested ${A:-${B}}, and $$ for a literal $.
// Image lines such as `image: nginx:${NGINX_VERSION:-1.27}` are common in real compose files.

export interface Interpolated {
  value: string;
  /** Variables used without a value and without a default. */
  unset: string[];
  /** Messages of ${VAR:?message} whose variable was missing. */
  failures: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the "}" closing the "${" that starts at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "$" && s[i + 1] === "$") i++;
    else if (s[i] === "$" && s[i + 1] === "{") {
      depth++;
      i++;
    } else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

export function interpolate(s: string, env: Record<string, string | undefined>): Interpolated {
  const res: Interpolated = { value: "", unset: [], failures: [] };
  const sub = (t: string) => {
    const r = interpolate(t, env);
    res.unset.push(...r.unset);
    res.failures.push(...r.failures);
    return r.value;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== "$") {
      res.value += c;
      i++;
      continue;
    }
    if (s[i + 1] === "$") {
      res.value += "$";
      i += 2;
      continue;
    }
    if (s[i + 1] !== "{") {
      const m = NAME.exec(s.slice(i + 1));
      if (!m) {
        res.value += "$";
        i++;
        continue;
      }
      const v = env[m[0]];
      if (v === undefined) res.unset.push(m[0]);
      res.value += v ?? "";
      i += 1 + m[0].length;
      continue;
    }
    const end = closing(s, i);
    if (end < 0) {
      res.failures.push(`"${s}" has a "\${" without its closing "}"`);
      res.value += s.slice(i);
      break;
    }
    const body = s.slice(i + 2, end);
    i = end + 1;
    const m = NAME.exec(body);
    if (!m) {
      res.failures.push(`"\${${body}}" is not a variable reference`);
      continue;
    }
    const name = m[0];
    const op = body.slice(name.length);
    const v = env[name];
    const setNonEmpty = v !== undefined && v !== "";
    if (op === "") {
      if (v === undefined) res.unset.push(name);
      res.value += v ?? "";
    } else if (op.startsWith(":-")) res.value += setNonEmpty ? v : sub(op.slice(2));
    else if (op.startsWith("-")) res.value += v !== undefined ? v : sub(op.slice(1));
    else if (op.startsWith(":?") || op.startsWith("?")) {
      const ok = op.startsWith(":") ? setNonEmpty : v !== undefined;
      if (ok) res.value += v;
      else res.failures.push(`$${name} must be set: ${sub(op.slice(op.startsWith(":") ? 2 : 1)) || "required variable"}`);
    } else if (op.startsWith(":+")) res.value += setNonEmpty ? sub(op.slice(2)) : "";
    else if (op.startsWith("+")) res.value += v !== undefined ? sub(op.slice(1)) : "";
    else res.failures.push(`"\${${body}}" uses an operator compose does not know`);
  }
  return res;
}
