/**
 * `GET /pay/<token>` (single-team mode) and `GET /w/<tenant>/pay/<token>` (workspaces mode): the
 * tracked pay link's HTTP side. The decision (redirect to Stripe, or
 * which page) is core's (core/pay-link.ts, core/pay-page-state.ts); this file only speaks HTTP.
 *
 * - A live session: 303 to the Stripe URL, with `Referrer-Policy: no-referrer` (Stripe's page
 *   never learns the token) and `Cache-Control: no-store` (no browser or proxy keeps the
 *   redirect, so the next open is recorded too).
 * - Otherwise a short page saying why (paid, replaced, expired, cancelled), same headers.
 * - Anything that is not one of our tokens: a plain 404 that says nothing more.
 * The Stripe URL and the token never reach a log line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PayPage } from '../core/requests/pay-page-state.ts';
import type { Logger } from '../core/shared/ports.ts';
import type { HttpHandler } from './router.ts';

export interface PayLinkOpener {
  openPayLink(token: string): Promise<PayPage | undefined>;
}

const PRIVATE_HEADERS = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
} as const;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...PRIVATE_HEADERS }).end('not found');
}

export function renderPayPage(page: PayPage): string {
  const lines = page.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1c1d}h1{font-size:1.4rem}</style>
</head><body data-page="${page.kind}"><h1>${escapeHtml(page.title)}</h1>
${lines}
</body></html>`;
}

/** Mounted at `/pay` with the prefix stripped: `req.url` is `/<token>` (single-team mode). */
export function payLinkHandler(opener: () => PayLinkOpener | undefined, logger: Logger): HttpHandler {
  return async (req, res) => {
    if (!isGet(req, res)) return;
    const token = (req.url ?? '/').split('?')[0]?.replace(/^\/+/, '') ?? '';
    const engine = opener();
    if (!engine || token === '' || token.includes('/')) return notFound(res);
    await serve(engine, token, res, logger);
  };
}

/**
 * Mounted at `/w` with the prefix stripped (workspaces mode): `req.url` is `/<tenant>/pay/<token>`,
 * what core appends to the tenant's base `<PUBLIC_URL>/w/<tenant>`. An unknown tenant, a tenant
 * with no account and an unknown token get the same plain 404: a link says nothing about tenants
 * it does not belong to.
 */
export function tenantPayLinkHandler(
  openerFor: (tenant: string) => Promise<PayLinkOpener | undefined>,
  logger: Logger,
): HttpHandler {
  return async (req, res) => {
    if (!isGet(req, res)) return;
    const parts = ((req.url ?? '/').split('?')[0] ?? '').split('/').filter(Boolean);
    const [rawTenant, ...rest] = parts;
    const token = rest.length === 2 && rest[0] === 'pay' ? rest[1] : undefined;
    let tenant: string;
    try {
      tenant = decodeURIComponent(rawTenant ?? '');
    } catch {
      return notFound(res);
    }
    if (!token || tenant === '') return notFound(res);
    let engine: PayLinkOpener | undefined;
    try {
      engine = await openerFor(tenant);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'pay link tenant could not be started');
      return busy(res);
    }
    if (!engine) return notFound(res);
    await serve(engine, token, res, logger);
  };
}

function isGet(req: IncomingMessage, res: ServerResponse): boolean {
  // GET only: a HEAD (a link checker) must not count as an open nor start a burst of checks.
  if (req.method === 'GET') return true;
  res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain', ...PRIVATE_HEADERS }).end('method not allowed');
  return false;
}

function busy(res: ServerResponse): void {
  res
    .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '2', ...PRIVATE_HEADERS })
    .end('The payment page is busy; open the link again in a moment.');
}

async function serve(engine: PayLinkOpener, token: string, res: ServerResponse, logger: Logger): Promise<void> {
  let page: PayPage | undefined;
  try {
    page = await engine.openPayLink(token);
  } catch (err) {
    // Busy request, store trouble: the payer may simply open the link again.
    logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'pay link could not be opened');
    return busy(res);
  }
  if (!page) return notFound(res);
  if (page.kind === 'redirect' && page.redirectTo) {
    res.writeHead(303, { location: page.redirectTo, 'content-type': 'text/plain', ...PRIVATE_HEADERS }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...PRIVATE_HEADERS }).end(renderPayPage(page));
}
