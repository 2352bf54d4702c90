import { createServer, type Server } from "node:http";

import { webMetrics } from "./metrics";

/**
 * Serve `GET /metrics` (Prometheus' text format) on `port`, apart from the app's own port.
 * Resolves once listening; rejects with one clear error when the port cannot be bound.
 */
export function serveMetrics(port: number, host: string | undefined): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const { registry } = webMetrics();
    registry.metrics().then(
      (body) => response.writeHead(200, { "content-type": registry.contentType }).end(body),
      () => response.writeHead(500, { "content-type": "text/plain" }).end("metrics failed\n"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`metrics: cannot listen on ${host ?? "*"}:${port} (${error.code})`)),
    );
    server.listen(port, host, () => {
      server.unref(); // never what keeps the process alive
      resolve(server);
    });
  });
}
