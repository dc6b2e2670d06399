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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function ago(n: number, unit: string, future: boolean): string {
  const words = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return future ? `in ${words}` : `${words} ago`;
}

/** "Nov 3, 2026", in UTC: the same text on the server and in any browser. */
export function shortDate(iso: string | number): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/**
 * "3 minutes ago", "yesterday"; the date for anything older than a week. Plain English rather
 * than Intl.RelativeTimeFormat: creating that formatter loads ICU data, which bench:ui measured
 * at ~100 ms of the grid's first load on this machine, and the UI is English-only.
 */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const s = Math.round((t - now) / 1000);
  const abs = Math.abs(s);
  const future = s > 0;
  if (abs < 45) return "just now";
  if (abs < 3600) return ago(Math.max(1, Math.round(abs / 60)), "minute", future);
  if (abs < 86400) return ago(Math.round(abs / 3600), "hour", future);
  if (abs < 7 * 86400) {
    const days = Math.round(abs / 86400);
    if (days === 1) return future ? "tomorrow" : "yesterday";
    return ago(days, "day", future);
  }
  return shortDate(t);
}

export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}
