// A loopback pass-through proxy that notes when each request arrived, for tests of request
// rates (how many requests a registry saw per second, whichever process sent them).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StampProxy {
  host: string;
  /** Arrival times (ms since epoch) of the requests whose path matches. */
  stamps(path?: RegExp): number[];
  stop(): Promise<void>;
}

export async function startStampProxy(target: string): Promise<StampProxy> {
  const upstream = new URL(target);
  const seen: Array<{ at: number; path: string }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ at: Date.now(), path: req.url ?? "" });
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    stamps: (path) => seen.filter((s) => !path || path.test(s.path)).map((s) => s.at),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
