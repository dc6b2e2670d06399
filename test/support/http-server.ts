// Test-only: a small node:http server on 127.0.0.1 that records every request. It plays the two
// services that are not registries and that nothing local implements: Docker Hub's namespace API
// (hub.docker.com/v2/namespaces/…) and Quay's repository API (/api/v1/repository). Registry
// behaviour itself is always the real Distribution registry (e2e/fixtures), with the fault proxy
// for faults.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | boolean | Promise<void | boolean>;

export interface TestServer {
  /** "127.0.0.1:port" */
  host: string;
  base: string;
  hits: Hit[];
  close(): Promise<void>;
}

/** Starts a server on a free 127.0.0.1 port; every request is recorded in `hits`. */
export async function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, accept: req.headers.accept });
    const url = new URL(req.url ?? "/", "http://x");
    Promise.resolve(handler(req, res, url)).catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
