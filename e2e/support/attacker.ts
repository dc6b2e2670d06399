// A second origin on loopback for attack specs: a plain HTTP server serving the pages a hostile
// site would, with no CSP of its own, on 127.0.0.1:<another port> (cross-origin and, through
// "localhost" vs "127.0.0.1", cross-site to the dashboard).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface AttackerSite {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Same server under the name "localhost": a different site from 127.0.0.1. */
  siteOrigin: string;
  close(): Promise<void>;
}

/** Serves `pages` (path -> HTML); anything else is a 404. */
export async function startAttackerSite(pages: Record<string, string>): Promise<AttackerSite> {
  const server = http.createServer((req, res) => {
    const html = pages[new URL(req.url ?? "/", "http://x").pathname];
    res.writeHead(html === undefined ? 404 : 200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    siteOrigin: `http://localhost:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
