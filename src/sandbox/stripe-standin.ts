/**
 * The simulator's stand-in for Stripe (js.stripe.com and api.stripe.com), under `/stripe`:
 * `GET /stripe/v3.js` serves a small Stripe.js (./stripe-js.ts) and
 * `POST /stripe/v1/setup_intents/<id>/confirm` confirms a Setup Intent made by
 * `POST /billing/setup-intent` with the card the browser collected. Like Stripe it is called from
 * the add-card page of another origin, so every answer is CORS-open and preflights are answered.
 * The number and CVC are checked and dropped here (./stripe-card.ts): the account keeps the new
 * payment method's brand, last four and behaviour only, and nothing of the body is logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounts } from './accounts.ts';
import { readBody } from './read-body.ts';
import { checkCard } from './stripe-card.ts';
import { STRIPE_JS } from './stripe-js.ts';
import { hashSecret, randomAlnum } from './wire.ts';

export interface StripeDeps {
  readonly accounts: Accounts;
  readonly clock: { now(): number };
  /** Save the state (before the answer goes out). */
  changed(): void;
}

const CONFIRM = /^\/stripe\/v1\/setup_intents\/([^/]+)\/confirm\/?$/;
const MAX_BODY_BYTES = 16_384;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...CORS })
    .end(JSON.stringify(body));
}

/** Stripe's error shape: `{ error: { type, code, message } }`. */
function stripeError(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: { type: status === 402 ? 'card_error' : 'invalid_request_error', code, message } });
}

/** Serves `path` if it is under /stripe; false otherwise. */
export async function handleStripe(
  deps: StripeDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (path !== '/stripe' && !path.startsWith('/stripe/')) return false;
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (method === 'OPTIONS') {
    res.writeHead(204, CORS).end();
    return true;
  }
  if (path === '/stripe/v3.js' || path === '/stripe/v3') {
    if (method !== 'GET' && method !== 'HEAD') {
      stripeError(res, 405, 'method_not_allowed', 'Use GET.');
      return true;
    }
    res
      .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', ...CORS })
      .end(method === 'HEAD' ? undefined : STRIPE_JS);
    return true;
  }
  const confirm = CONFIRM.exec(path);
  if (!confirm) {
    stripeError(res, 404, 'resource_missing', 'Unrecognized request URL.');
    return true;
  }
  if (method !== 'POST') {
    stripeError(res, 405, 'method_not_allowed', 'Use POST.');
    return true;
  }
  confirmSetupIntent(deps, res, decodeURIComponent(confirm[1] ?? ''), raw);
  return true;
}

function confirmSetupIntent(deps: StripeDeps, res: ServerResponse, id: string, raw: string): void {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    stripeError(res, 400, 'parameter_invalid', 'The request body must be a JSON object.');
    return;
  }
  const owner = deps.accounts.ownerOfSetupIntent(id);
  const intent = owner?.state.setupIntents.get(id);
  const secret = body.client_secret;
  if (!owner || !intent) {
    stripeError(res, 404, 'resource_missing', `No such setupintent: '${id}'`);
    return;
  }
  if (typeof secret !== 'string' || hashSecret(secret) !== intent.secretHash) {
    stripeError(res, 400, 'setup_intent_authentication_failure', 'The client secret does not match this SetupIntent.');
    return;
  }
  if (intent.status === 'succeeded') {
    // Confirmed already (a double click): the same answer, no second card.
    json(res, 200, { id, object: 'setup_intent', status: 'succeeded', payment_method: intent.paymentMethodId });
    return;
  }
  const check = checkCard(
    { number: body.number, exp_month: body.exp_month, exp_year: body.exp_year, cvc: body.cvc },
    deps.clock.now(),
  );
  if (!check.ok) {
    stripeError(res, check.status, check.code, check.message);
    return;
  }
  const pmId = `pm_${randomAlnum(24)}`;
  owner.state.detachedCards.set(pmId, { id: pmId, ...check.card });
  intent.status = 'succeeded';
  intent.paymentMethodId = pmId;
  deps.changed();
  json(res, 200, { id, object: 'setup_intent', status: 'succeeded', payment_method: pmId });
}
