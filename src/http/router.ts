/**
 * One HTTP server on PORT serves Slack's /slack/events, /healthz, /metrics, /pay/<token> (the
 * tracked pay links: src/http/pay-page.ts), the playground and the sandbox's checkout pages. Each
 * part contributes a handler for a path prefix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  /** Path prefix, e.g. `/slack/events` or `/sandbox`. Longest prefix wins. */
  readonly prefix: string;
  readonly handler: HttpHandler;
  /** Strip the prefix from `req.url` before calling the handler (mounting a sub-app). */
  readonly strip?: boolean;
}

export function createRouter(routes: readonly Route[]): HttpHandler {
  const sorted = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  return async (req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const route = sorted.find(
      (r) =>
        path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`) || r.prefix === '/',
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.strip && route.prefix !== '/') req.url = url.slice(route.prefix.length) || '/';
    try {
      await route.handler(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
      throw err;
    }
  };
}
