/**
 * `/cards/add/<token>` (single-team mode) and `/w/<tenant>/cards/add/<token>` (workspaces mode):
 * the add-card page's HTTP side. What to show and what to do is core's (core/cards/add-card-flow.ts);
 * this file speaks HTTP and renders.
 *
 * - GET: the form (Stripe.js mounts the card element; the card goes from the browser to Stripe
 *   only), or a notice: 410 for a link that is not usable (expired, used, unknown: alike, so the
 *   page never says whether a token existed), 503 when ModelsLab is busy.
 * - POST (the page's own script, JSON): `{ setupIntentId, paymentMethodId, makeDefault }` →
 *   JSON `{ kind, message }`, 200 saved, 400 bad input, 410 not usable, 502 not saved.
 * Headers: no-store, no-referrer, nosniff, and a CSP with a per-response nonce that lets scripts
 * come only from that nonce and Stripe.js's origin. The token and the Setup Intent's client
 * secret never reach a log line: errors are logged by name.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddCardInput, AddCardNotice, AddCardView } from '../core/cards/index.ts';
import { DEFAULT_LOCALE, textsFor } from '../core/shared/i18n.ts';
import type { Logger } from '../core/shared/ports.ts';
import { createMessageFormatter } from '../i18n/icu-formatter.ts';
import { addCardCsp } from './add-card-csp.ts';
import { renderForm, renderNotice } from './add-card-html.ts';
import type { HttpHandler } from './router.ts';

export interface AddCardOpener {
  addCardPage(token: string): Promise<AddCardView>;
  completeAddCard(token: string, input: AddCardInput): Promise<AddCardNotice>;
}

export interface AddCardPageOptions {
  /** Stripe.js: `https://js.stripe.com/v3/`, or in the sandbox the simulator's stand-in. */
  readonly stripeJsUrl: string;
  readonly logger: Logger;
}

/** The POST body is three short fields. */
const MAX_BODY_BYTES = 4096;
const STATUS: Readonly<Record<AddCardNotice['kind'], number>> = {
  saved: 200,
  bad_input: 400,
  expired: 410,
  not_saved: 502,
  busy: 503,
};

const MESSAGES = createMessageFormatter();

/** For a link no engine answers (unknown tenant): the same 410 as any unusable link. */
function expiredNotice(): AddCardNotice {
  const t = textsFor(MESSAGES, DEFAULT_LOCALE);
  return {
    kind: 'expired',
    lang: t.locale,
    title: t.t('cards.page_expired_title'),
    message: t.t('cards.page_expired'),
  };
}

function busyNotice(): AddCardNotice {
  const t = textsFor(MESSAGES, DEFAULT_LOCALE);
  return { kind: 'busy', lang: t.locale, title: t.t('cards.page_title'), message: t.t('cards.page_busy') };
}

/** Mounted at `/cards/add` with the prefix stripped: `req.url` is `/<token>`. */
export function addCardHandler(opener: () => AddCardOpener | undefined, options: AddCardPageOptions): HttpHandler {
  return async (req, res) => {
    const parts = pathParts(req);
    const token = parts.length === 1 ? parts[0] : undefined;
    await serve(req, res, token ? opener() : undefined, token ?? '', options);
  };
}

/** True for `/<tenant>/cards/add/<token>` under `/w` (the rest of `/w` is the pay links'). */
export function isTenantAddCardPath(req: IncomingMessage): boolean {
  const parts = pathParts(req);
  return parts.length === 4 && parts[1] === 'cards' && parts[2] === 'add';
}

/** Mounted at `/w` with the prefix stripped: `req.url` is `/<tenant>/cards/add/<token>`. */
export function tenantAddCardHandler(
  openerFor: (tenant: string) => Promise<AddCardOpener | undefined>,
  options: AddCardPageOptions,
): HttpHandler {
  return async (req, res) => {
    const [rawTenant = '', , , token = ''] = pathParts(req);
    let tenant: string;
    try {
      tenant = decodeURIComponent(rawTenant);
    } catch {
      // Not a tenant of ours: the same 410 as any unusable link.
      return serve(req, res, undefined, token, options);
    }
    let engine: AddCardOpener | undefined;
    try {
      engine = await openerFor(tenant);
    } catch (err) {
      options.logger.warn(
        { err: err instanceof Error ? err.name : 'error' },
        'add-card page: tenant could not be started',
      );
      return sendNotice(req, res, busyNotice(), nonce(), options);
    }
    await serve(req, res, engine, token, options);
  };
}

function pathParts(req: IncomingMessage): string[] {
  return ((req.url ?? '/').split('?')[0] ?? '').split('/').filter(Boolean);
}

function nonce(): string {
  return randomBytes(18).toString('base64');
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  engine: AddCardOpener | undefined,
  token: string,
  options: AddCardPageOptions,
): Promise<void> {
  const n = nonce();
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain', ...headers(n, options) }).end();
    return;
  }
  try {
    if (req.method === 'GET') {
      const page = engine ? await engine.addCardPage(token) : expiredNotice();
      if (page.kind !== 'form') return sendNotice(req, res, page, n, options);
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers(n, options) })
        .end(renderForm(page, n, options.stripeJsUrl));
      return;
    }
    const input = await readInput(req);
    const page = !engine
      ? expiredNotice()
      : input
        ? await engine.completeAddCard(token, input)
        : await engine.completeAddCard(token, { setupIntentId: null, paymentMethodId: null, makeDefault: null });
    sendNotice(req, res, page, n, options);
  } catch (err) {
    // Store trouble, a busy lock: the approver may load the page again. Logged by name only.
    options.logger.warn({ err: err instanceof Error ? err.name : 'error' }, 'add-card page failed');
    if (!res.headersSent) sendNotice(req, res, busyNotice(), n, options);
  }
}

function headers(n: string, options?: AddCardPageOptions): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-robots-tag': 'noindex',
    'content-security-policy': addCardCsp(n, options?.stripeJsUrl),
  };
}

function sendNotice(
  req: IncomingMessage,
  res: ServerResponse,
  page: AddCardNotice,
  n: string,
  options?: AddCardPageOptions,
): void {
  const status = STATUS[page.kind];
  if (req.method === 'POST') {
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers(n, options) })
      .end(JSON.stringify({ kind: page.kind, message: page.message }));
    return;
  }
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers(n, options) })
    .end(renderNotice(page, n));
}

/** The page's JSON, or undefined for anything else (too big, not JSON, not an object). */
async function readInput(req: IncomingMessage): Promise<AddCardInput | undefined> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body !== 'object' || body === null) return undefined;
    const b = body as Record<string, unknown>;
    return { setupIntentId: b.setupIntentId, paymentMethodId: b.paymentMethodId, makeDefault: b.makeDefault };
  } catch {
    return undefined;
  }
}
