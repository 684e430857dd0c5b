/**
 * The one HTTP server on PORT. It listens before anything else is built: in sandbox mode the
 * billing client and the simulator's payment URLs need the real port (PORT=0 picks a free one).
 * Until the routes are ready it answers 503 "starting"; on shutdown the app swaps in a handler
 * that answers 503 "shutting down" (Slack retries the delivery later) while in-flight work ends.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/shared/ports.ts';
import type { HttpHandler } from '../http/router.ts';

export interface HttpServer {
  /** The address the bot is reached at from this host (a wildcard HOST becomes 127.0.0.1). */
  readonly url: string;
  /** Serve every request with `handler` from now on. */
  serve(handler: HttpHandler): void;
  /** Stop listening; idle connections close at once, busy ones after at most 2 s. */
  close(): Promise<void>;
}

const starting: HttpHandler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting');
};

export const shuttingDown: HttpHandler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('shutting down');
};

export async function startHttpServer(http: { port: number; host: string }, logger: Logger): Promise<HttpServer> {
  let handler = starting;
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => logger.error({ err }, 'http handler failed'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(http.port, http.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = http.host.includes(':') ? `[${http.host}]` : http.host;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    serve(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
