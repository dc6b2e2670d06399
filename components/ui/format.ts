// Display helpers shared by the grid, the overview and the repository page.
import type { ApiPlatform } from "@/lib/api-types";

const WINDOWS_BUILDS: Record<string, string> = {
  "10.0.14393": "Server 2016",
  "10.0.17763": "Server 2019",
  "10.0.20348": "Server 2022",
  "10.0.26100": "Server 2025",
};

/** "10.0.17763.5830" -> "Server 2019 (10.0.17763)". */
export function windowsVersionLabel(osVersion: string): string {
  const build = osVersion.split(".").slice(0, 3).join(".");
  const name = WINDOWS_BUILDS[build];
  return name ? `${name} (${build})` : osVersion;
}

/** Short header label for a column key. */
export function columnLabel(key: string): string {
  return key;
}

export function platformString(p: Pick<ApiPlatform, "os" | "architecture" | "variant">): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return "—";
  const [algo, hex] = digest.split(":");
  return hex ? `${algo}:${hex.slice(0, 12)}` : digest.slice(0, 19);
}

export function formatPercent(n: number): string {
  if (!Number.isFinite(n)) return "—";
  return `${Math.round(n)}%`;
}

const rtf = typeof Intl !== "undefined" ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : undefined;

/** "3 minutes ago"; falls back to the date for anything older than a week. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const s = Math.round((t - now) / 1000);
  const abs = Math.abs(s);
  if (!rtf) return new Date(t).toISOString();
  if (abs < 45) return "just now";
  if (abs < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(s / 3600), "hour");
  if (abs < 7 * 86400) return rtf.format(Math.round(s / 86400), "day");
  return new Date(t).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}
