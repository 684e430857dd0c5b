/**
 * A tiny loopback HTTP server whose answers each test scripts: the wire as the client sees it,
 * with every request recorded (method, path, headers, body).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface ScriptedAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  readonly body?: unknown;
  /** Never answer (the socket is destroyed when the server closes). */
  readonly hang?: boolean;
  /** Drop the connection without an answer. */
  readonly destroy?: boolean;
}

export type Script = (req: SeenRequest, index: number) => ScriptedAnswer;

export interface ScriptedServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  script(fn: Script): void;
  close(): Promise<void>;
}

export function envelope(data: unknown): unknown {
  return { data, error: null, meta: { request_id: 'req_test' } };
}

export function apiError(code: string, message: string, details: Record<string, unknown> = {}): unknown {
  return { data: null, error: { code, message, details }, meta: { request_id: 'req_err' } };
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const seen: SeenRequest[] = [];
  let script: Script = () => ({ status: 404, body: apiError('not_found', 'no script') });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      };
      seen.push(request);
      const answer = script(request, seen.length - 1);
      if (answer.hang) return;
      if (answer.destroy) {
        req.socket.destroy();
        return;
      }
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/agents/v1`,
    seen,
    script(fn) {
      script = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
