// A tiny loopback load balancer for the replica tests: each request goes to the next upstream in
// turn (plain round robin, no stickiness), and the proxy notes which upstream answered it.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RoundRobinProxy {
  url: string;
  /** Index of the upstream that answered each request, in order. */
  served(): number[];
  stop(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  const targets = upstreams.map((u) => new URL(u));
  const served: number[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    served.push(i);
    const t = targets[i];
    const out = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, "x-test-upstream": String(i) });
      up.pipe(res);
    });
    out.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served: () => [...served],
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
