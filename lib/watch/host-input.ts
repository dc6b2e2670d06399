// What people paste into a "registry host" field: `registry.example.com`, `host:5000`, or the URL
// they see in a browser (`https://host:5000/`, `http://127.0.0.1:5000/v2/`). The host is what is
// kept; the scheme is noted but never obeyed (the address policy picks http only for hosts in
// ARCHGRID_INSECURE_REGISTRIES). Pure: the namespace form shows the same reading while typing.

export interface HostReading {
  /** host[:port], lowercased; `index.docker.io` read as `docker.io`. */
  host: string;
  /** The scheme typed, if any. */
  scheme: "http" | "https" | null;
  /** What was taken, in words, when it differs from what was typed; null when typed as is. */
  note: string | null;
}

const HOST_PORT = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::(\d{1,5}))?$/;

/** Reads a host field; answers a plain-words problem instead when it cannot be a registry host. */
export function readHostInput(input: string): HostReading | { problem: string } {
  const typed = input.trim();
  if (typed === "") return { problem: "enter the registry host, e.g. registry.example.com:5000" };
  let rest = typed;
  let scheme: HostReading["scheme"] = null;
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (m) {
    const s = m[1].toLowerCase();
    if (s !== "http" && s !== "https") return { problem: `"${clip(typed)}": only http:// or https:// may come before the host` };
    scheme = s;
    rest = rest.slice(m[0].length);
  }
  // A browser URL of the registry API ends in "/" or "/v2/"; anything else names something else.
  rest = rest.replace(/\/(?:v2\/?)?$/i, "");
  if (rest.includes("@")) return { problem: `"${clip(typed)}": leave credentials out of the host (archgrid reads them from DOCKER_CONFIG)` };
  if (/[/?#]/.test(rest)) return { problem: `"${clip(typed)}" has a path or query; give only the host and port, e.g. ${clip(rest.split(/[/?#]/)[0] || "registry.example.com")}` };
  let host = rest.toLowerCase();
  const hp = HOST_PORT.exec(host);
  if (!hp || (hp[1] !== undefined && Number(hp[1]) > 65535)) return { problem: `"${clip(typed)}" is not a host name or host:port` };
  if (host === "index.docker.io" || host === "registry-1.docker.io") host = "docker.io";
  const notes: string[] = [];
  if (host !== typed) notes.push(`using ${host} from "${clip(typed)}"`);
  if (scheme === "http") notes.push("plain HTTP is used only when the host is listed in ARCHGRID_INSECURE_REGISTRIES, HTTPS otherwise");
  return { host, scheme, note: notes.length ? notes.join("; ") : null };
}

function clip(s: string): string {
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
}
