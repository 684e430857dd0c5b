/**
 * The HTTP face of the simulator: routing, the envelope, bearer auth (the token picks the
 * account, ./accounts.ts), rate limits per account, idempotency replay and fault injection around
 * the routes in ./routes. Every call that may change the state (anything but GET, and a GET that
 * opened an account) is saved before it is answered. The browser pages are in ./pages.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../core/shared/ports.ts';
import type { HttpHandler } from '../http/router.ts';
import type { Accounts } from './accounts.ts';
import { settleDue } from './card-charges.ts';
import type { Faults } from './faults.ts';
import { handlePage, type PageDeps } from './pages.ts';
import { limiterFor, type RateDecision, type RateLimiter } from './rate-limit.ts';
import { readBody } from './read-body.ts';
import type { Route, RouteContext } from './route.ts';
import { authRoutes } from './routes/auth.ts';
import { billingRoutes } from './routes/billing.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { walletRoutes } from './routes/wallet.ts';
import { handleStripe } from './stripe-standin.ts';
import {
  ApiError,
  type Envelope,
  errorEnvelope,
  FinalApiError,
  newRequestId,
  serialize,
  successEnvelope,
} from './wire.ts';

export const API_PREFIX = '/api/agents/v1';
const MAX_BODY_BYTES = 1_000_000;
/** The call log keeps the latest calls only, so a long-running sandbox stays bounded. */
const MAX_CALLS = 10_000;

export interface CallRecord {
  readonly method: string;
  /** Path under /api/agents/v1, without the query, e.g. `/wallet/confirm-checkout`. */
  readonly path: string;
  /** HTTP status answered; 0 for a call left hanging. */
  readonly status: number;
  readonly idempotencyKey?: string;
  /** The account the bearer token named (`token` for `sandbox-token`); absent when unauthenticated. */
  readonly account?: string;
  /** Clock time (epoch ms) the call arrived. */
  readonly at: number;
}

export interface ServerDeps extends PageDeps {
  readonly accounts: Accounts;
  readonly faults: Faults;
  /** Whose calls share one rate-limit window: an account's (as ModelsLab), or each token's. */
  readonly rateLimitPer: 'account' | 'token';
  /** The faults aimed at one account only (`controls.account(name)`), if any were set. */
  accountFaults(name: string): Faults | undefined;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly sessionLifetimeMs: number;
  readonly calls: CallRecord[];
  /** Responses left hanging by `hangNext`, ended on stop. */
  readonly hung: Set<ServerResponse>;
}

const ROUTES: readonly Route[] = [...authRoutes, ...billingRoutes, ...walletRoutes, ...subscriptionRoutes];

interface Matched {
  readonly route: Route;
  readonly params: Record<string, string>;
}

const COMPILED = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/:([a-z_]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${source}/?$`) };
});

function match(method: string, path: string): Matched | undefined {
  for (const c of COMPILED) {
    if (c.route.method !== method) continue;
    const m = c.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route: c.route, params };
  }
  return undefined;
}

function parseJsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(422, 'validation_error', 'The request body is not valid JSON.', { body: 'must be JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(422, 'validation_error', 'The request body must be a JSON object.', {
      body: 'must be an object',
    });
  }
  return parsed as Record<string, unknown>;
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function rateHeaders(d: RateDecision): Record<string, string> {
  return {
    'x-ratelimit-limit': String(d.limit),
    'x-ratelimit-remaining': String(d.remaining),
    'x-ratelimit-reset': String(Math.ceil(d.resetAt / 1000)),
  };
}

function accountPagePrefix(accounts: Accounts, account: { readonly name: string } | undefined): string {
  return account === undefined || account.name === accounts.originalName
    ? ''
    : `/accounts/${encodeURIComponent(account.name)}`;
}

export function createHandler(deps: ServerDeps): HttpHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname;
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
      await handleApi(deps, req, res, url);
      return;
    }
    if (await handleStripe(deps, req, res, path)) return;
    if (await handlePage(deps, req, res, path, url.searchParams)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  };
}

async function handleApi(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { accounts, faults, limiter, clock } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const apiPath = url.pathname.slice(API_PREFIX.length) || '/';
  const at = clock.now();
  const keyHeader = req.headers['idempotency-key'];
  const idempotencyKey = typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : undefined;
  let accountName: string | undefined;
  const record = (status: number) => {
    deps.calls.push({
      method,
      path: apiPath,
      status,
      at,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...(accountName === undefined ? {} : { account: accountName }),
    });
    if (deps.calls.length > MAX_CALLS) deps.calls.splice(0, deps.calls.length - MAX_CALLS);
  };
  const requestId = newRequestId();
  const rawBody = await readBody(req, MAX_BODY_BYTES);

  const token = bearer(req);
  const resolved = token === undefined ? undefined : accounts.resolve(token);
  // A token's first use opens its account: kept even if this call is refused below.
  if (resolved?.created) deps.changed();
  const account = resolved?.account;
  accountName = account?.name;
  const knownToken = account === undefined ? undefined : token;

  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  // A fault aimed at this account comes first, then the ones every call may suffer.
  const own = account === undefined ? undefined : deps.accountFaults(account.name);
  const fault = own?.before() ?? faults.before();
  if (fault?.kind === 'hang') {
    record(0);
    deps.hung.add(res);
    res.on('close', () => deps.hung.delete(res));
    return;
  }

  const send = (status: number, body: unknown, headers: Record<string, string>) => {
    record(status);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(serialize(body, faults.moneyAsStrings));
  };

  // ModelsLab's limit is per account: two tokens of one account share it (unless a bench asks
  // for windows per token).
  const limitKey =
    account === undefined ? 'anonymous' : deps.rateLimitPer === 'token' ? `token:${token}` : `account:${account.name}`;
  const decision = limiter.take(limitKey, limiterFor(method, apiPath));
  const headers = rateHeaders(decision);
  const fail = (err: ApiError, extra: Record<string, string> = {}) =>
    send(err.status, errorEnvelope(err, requestId), { ...headers, ...extra });

  if (fault?.kind === 'storm') {
    const stormHeaders = {
      ...headers,
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.ceil(fault.until / 1000)),
    };
    send(429, errorEnvelope(new ApiError(429, 'rate_limited', 'Too many requests.'), requestId), {
      ...stormHeaders,
      'retry-after': String(fault.retryAfterS),
    });
    return;
  }
  if (!decision.allowed) {
    const retryAfter = Math.max(1, Math.ceil((decision.resetAt - clock.now()) / 1000));
    fail(
      new ApiError(429, 'rate_limited', `Too many requests. Retry after ${retryAfter} s.`, { retry_after: retryAfter }),
      {
        'retry-after': String(retryAfter),
      },
    );
    return;
  }
  if (fault?.kind === 'fail') {
    fail(new ApiError(fault.status, 'server_error', 'The server had a problem (injected fault).'));
    return;
  }

  const matched = match(method, apiPath);
  if (!matched?.route.public && knownToken === undefined) {
    const message = token === undefined ? 'Missing bearer token.' : 'Unknown or expired token.';
    fail(new ApiError(401, 'unauthenticated', message));
    return;
  }
  if (!matched) {
    fail(new ApiError(404, 'not_found', `No endpoint ${method} ${apiPath}.`));
    return;
  }

  const state = (account ?? accounts.original).state;
  const idempotency = (account ?? accounts.original).idempotency;
  // Pending card charges whose time has come settle before anything reads them (a GET too: saved).
  if (settleDue(state)) deps.changed();
  const replayKey = [knownToken ?? '', method, apiPath] as const;
  const replay = idempotencyKey === undefined ? undefined : idempotency.get(...replayKey, idempotencyKey);
  let status: number;
  let data: unknown;
  let envelope: Envelope;
  if (replay?.error) {
    send(
      replay.status,
      { data: null, error: replay.error, meta: { request_id: replay.requestId, idempotency_replay: true } },
      headers,
    );
    return;
  }
  if (replay) {
    status = replay.status;
    data = replay.data;
    envelope = { data, error: null, meta: { request_id: replay.requestId, idempotency_replay: true } };
  } else {
    try {
      const ctx: RouteContext = {
        state,
        params: matched.params,
        query: url.searchParams,
        body: parseJsonObject(rawBody),
        token: knownToken,
        checkoutUrl: (id) => `${deps.publicBase(req).replace(/\/+$/, '')}/checkout/${encodeURIComponent(id)}`,
        // Hosted pages of an account other than the original live under /accounts/<name>.
        pageUrl: (pagePath) =>
          `${deps.publicBase(req).replace(/\/+$/, '')}${accountPagePrefix(accounts, account)}${pagePath}`,
        sessionLifetimeMs: deps.sessionLifetimeMs,
      };
      const result = matched.route.handle(ctx);
      status = result.status ?? 200;
      data = result.data;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err instanceof FinalApiError) {
        // A decline is the outcome of a charge attempt: kept for replay and saved like a success.
        const error = errorEnvelope(err, requestId).error ?? undefined;
        if (idempotencyKey !== undefined && error)
          idempotency.remember(...replayKey, idempotencyKey, { status: err.status, data: null, requestId, error });
        deps.changed();
      }
      fail(err);
      return;
    }
    if (idempotencyKey !== undefined) idempotency.remember(...replayKey, idempotencyKey, { status, data, requestId });
    envelope = successEnvelope(data, requestId);
  }
  // Saved before the answer leaves: a caller that heard "done" finds it done after a restart.
  if (method !== 'GET') deps.changed();

  if (own?.garbleAnswer() || faults.garbleAnswer()) {
    record(200);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end('{"data": {"status": "ok", "balance": 4');
    return;
  }
  const unwrapped = matched.route.unwrappable === true && faults.unwrapped;
  const body = unwrapped ? { ...(data as object), ...(replay ? { idempotency_replay: true } : {}) } : envelope;
  send(status, body, headers);
}
