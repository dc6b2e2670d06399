// Installation-wide gauges, rebuilt from the database on every scrape (a fresh Registry each time,
// so a registry host or status that disappeared from the database disappears from the output).
import { Gauge, Registry } from "prom-client";
import type { InstallationTotals } from "../queries/metrics";

type Labels = Record<string, string>;

function gauge(registry: Registry, name: string, help: string, values: Array<[Labels, number]>): void {
  // Label names from the first value; a family with no values yet (no scans, no rate limits) is
  // given a placeholder label so that prom-client prints no sample rather than an unlabelled 0.
  const labelNames = values.length ? Object.keys(values[0][0]) : ["none"];
  const g = new Gauge({ name, help, labelNames, registers: [registry] });
  for (const [labels, v] of values) g.set(labels, v);
}

export function installationRegistry(t: InstallationTotals): Registry {
  const r = new Registry();
  gauge(r, "archgrid_scans", "Scans recorded in the database, by status (installation-wide)", t.scansByStatus.map((s) => [{ status: s.status }, s.count]));
  const active = (rows: Array<{ status: string; count: number }>, status: string) => rows.find((s) => s.status === status)?.count ?? 0;
  gauge(r, "archgrid_scan_queue_depth", "Scans waiting or running (installation-wide)", ["queued", "running"].map((s) => [{ status: s }, active(t.scansByStatus, s)]));
  gauge(r, "archgrid_scan_jobs_queue_depth", "Repository jobs waiting or running (installation-wide)", ["queued", "running"].map((s) => [{ status: s }, active(t.jobsByStatus, s)]));
  gauge(r, "archgrid_scanned_tags_total", "Tags scanned, summed over every recorded scan job (installation-wide)", [[{}, t.tagsScanned]]);
  gauge(r, "archgrid_scan_registry_requests_total", "Registry requests, summed over every recorded scan job (installation-wide)", [[{}, t.scanRequests]]);
  gauge(r, "archgrid_tags", "Tags known, by whether a scan has read them (installation-wide)", [
    [{ state: "scanned" }, t.tags.scanned],
    [{ state: "unscanned" }, t.tags.total - t.tags.scanned],
  ]);
  gauge(r, "archgrid_repositories", "Watched repositories: all, scanned at least once, and covering every default architecture (installation-wide)", [
    [{ state: "total" }, t.repositories.total],
    [{ state: "scanned" }, t.repositories.scanned],
    [{ state: "complete" }, t.repositories.complete],
  ]);
  const states = ["complete", "partial", "missing", "unknown"] as const;
  gauge(
    r,
    "archgrid_coverage_repositories",
    "Repositories per architecture column and cell state, as in the coverage summary (installation-wide)",
    t.coverage.flatMap((c) => states.map((s): [Labels, number] => [{ architecture: c.key, state: s }, c[s]])),
  );
  gauge(
    r,
    "archgrid_coverage_ratio",
    "Share of scanned repositories with the architecture present (complete or partial), 0..1 (installation-wide)",
    t.coverage.map((c) => [{ architecture: c.key }, c.percent / 100]),
  );
  const limits = t.rateLimits.filter((l) => l.remaining !== null);
  gauge(r, "archgrid_registry_rate_limit_remaining", "Requests left in the registry's rate-limit window when it last said (installation-wide)", limits.map((l) => [{ host: l.host }, l.remaining!]));
  gauge(
    r,
    "archgrid_registry_rate_limit_limit",
    "The registry's rate-limit window size when it last said (installation-wide)",
    t.rateLimits.filter((l) => l.limit !== null).map((l) => [{ host: l.host }, l.limit!]),
  );
  gauge(r, "archgrid_registry_rate_limit_observed_timestamp_seconds", "When the registry last sent rate-limit headers (installation-wide)", t.rateLimits.map((l) => [{ host: l.host }, l.at.getTime() / 1000]));
  return r;
}
