// `archgrid report --server URL`: the gap report of a running archgrid server
// (GET /api/reports/gaps with the grid's filters), printed or written to a file.
import fs from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { env } from "../env";
import { EXIT, type ExitCode, type Io } from "./output";
import { UsageError } from "./usage";
import { assertGapReport, renderHtmlReport } from "./report-html";

export const REPORT_FORMATS = ["md", "csv", "json", "html"] as const;
export type ReportFormatOption = (typeof REPORT_FORMATS)[number];

/** The grid's filters and the report's own options, passed through as the server names them (README "HTTP API"). */
export const REPORT_FILTERS = ["columns", "q", "missing", "status", "registry", "namespace", "regressedSince", "scope", "since"] as const;

export interface ReportOptions extends Partial<Record<(typeof REPORT_FILTERS)[number], string>> {
  server: string;
  format: ReportFormatOption;
  output?: string;
  /** Bearer token for servers that require one (also ARCHGRID_TOKEN). */
  token?: string;
}

/** The report URL under the server's base (which may carry a path prefix). */
export function reportUrl(opts: ReportOptions): URL {
  let base: URL;
  try {
    base = new URL(opts.server);
  } catch {
    throw new UsageError(`--server "${opts.server}" is not a URL; write e.g. --server http://archgrid.internal:3000`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new UsageError(`--server must be an http:// or https:// URL, not ${base.protocol}`);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const url = new URL("api/reports/gaps", base);
  url.searchParams.set("format", opts.format === "html" ? "json" : opts.format);
  for (const k of REPORT_FILTERS) if (opts[k]) url.searchParams.set(k, opts[k]!);
  return url;
}

/** "(400 invalid-request) columns: unknown architecture column "x"" from the error envelope, or the start of the body. */
function describeFailure(status: number, body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
    if (e?.message) return `HTTP ${status} ${e.code ?? ""}: ${e.message}`.replace(" :", ":");
  } catch {
    /* not the envelope */
  }
  const text = body.replace(/\s+/g, " ").trim().slice(0, 200);
  return `HTTP ${status}${text ? `: ${text}` : ""}`;
}

/**
 * One GET with node:http(s): fetch() refuses the ports on the Fetch spec's "bad port" list
 * (6000, 6665–6669, 10080…), where a self-hosted server may well listen. Redirects are not followed.
 */
function get(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { headers: { accept: "*/*", ...headers }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
  });
}

export async function runReport(opts: ReportOptions, io: Io): Promise<ExitCode> {
  const url = reportUrl(opts);
  const token = opts.token ?? process.env.ARCHGRID_TOKEN;
  const where = `archgrid server ${url.origin}${url.pathname.replace(/api\/reports\/gaps$/, "")}`;
  let res: { status: number; body: string };
  try {
    res = await get(url, token ? { authorization: `Bearer ${token}` } : {}, Math.max(env().ARCHGRID_REQUEST_TIMEOUT_MS, 60_000));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.err(`archgrid: could not reach the ${where} (${err.code ?? err.message})\n`);
    return EXIT.error;
  }
  const body = res.body;
  if (res.status < 200 || res.status > 299) {
    io.err(`archgrid: the ${where} refused the report: ${describeFailure(res.status, body)}\n`);
    return EXIT.error;
  }
  let text = body;
  if (opts.format === "html") {
    try {
      const data: unknown = JSON.parse(body);
      assertGapReport(data);
      text = renderHtmlReport(data.report);
    } catch (e) {
      io.err(`archgrid: the ${where} sent a report that cannot be read: ${(e as Error).message}\n`);
      return EXIT.error;
    }
  }
  if (opts.output) {
    try {
      await fs.writeFile(opts.output, text);
    } catch (e) {
      io.err(`archgrid: cannot write ${opts.output}: ${(e as Error).message}\n`);
      return EXIT.error;
    }
    io.err(`archgrid: wrote ${opts.format} report to ${opts.output}\n`);
  } else {
    io.out(text.endsWith("\n") ? text : `${text}\n`);
  }
  return EXIT.ok;
}
