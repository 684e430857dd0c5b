/** Retries, outages, rate limits, pre-send checks and token secrecy, against a scripted server. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CallInfo, MAX_RATE_LIMIT_WAIT_MS, ModelsLabClient } from '../../src/billing/index.ts';
import {
  BillingInvalidInputError,
  BillingRateLimitedError,
  BillingUnavailableError,
  BotError,
} from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { Logger } from '../../src/core/shared/ports.ts';
import { MemoryRateBudget } from '../../src/store/index.ts';
import { honourRateLimitHeaders } from '../../src/watcher/index.ts';
import { recordingLogger } from './recording-logger.ts';
import { apiError, envelope, type ScriptedServer, startScriptedServer } from './scripted-server.ts';

let server: ScriptedServer;
let client: ModelsLabClient;
let calls: CallInfo[];
const plentiful = new MemoryRateBudget(1_000_000, { burst: 1_000_000 });

const TOKEN = '67|foPpeJkEtftjB2uG565IkEwset7KeKCJ86NjwiaEfb9bfb39';
const BALANCE = envelope({ balance: 20, currency: 'USD' });

function makeClient(
  extra: { logger?: Logger; timeoutMs?: number; clock?: ManualClock; onCall?: (info: CallInfo) => void } = {},
): ModelsLabClient {
  return new ModelsLabClient({
    baseUrl: server.url,
    token: TOKEN,
    retry: { limit: 2, baseDelayMs: 2 },
    onCall: (info) => calls.push(info),
    // Retries of billing calls take from the budget (retry-budget.test.ts); here it never runs dry.
    budget: () => plentiful,
    ...extra,
  });
}

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  calls = [];
  client = makeClient();
});

describe('retries', () => {
  it('retries a GET over 5xx answers and succeeds', async () => {
    server.script((_, i) =>
      i < 2 ? { status: i === 0 ? 503 : 502, body: apiError('server_error', 'boom') } : { body: BALANCE },
    );
    await expect(client.wallet.balance()).resolves.toMatchObject({ balance: 20 });
    expect(server.seen).toHaveLength(3);
    expect(calls.map((c) => c.status)).toEqual([503, 502, 200]);
  });

  it('retries a 503 on its own backoff, not at the X-RateLimit-Reset every answer carries', async () => {
    const resetIn60s = String(Math.ceil(Date.now() / 1000) + 60);
    server.script((_, i) =>
      i === 0
        ? { status: 503, headers: { 'x-ratelimit-reset': resetIn60s }, body: apiError('server_error', 'boom') }
        : { body: BALANCE },
    );
    const started = Date.now();
    await expect(client.wallet.balance()).resolves.toMatchObject({ balance: 20 });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up after the retry limit with BillingUnavailableError', async () => {
    server.script(() => ({ status: 500, body: apiError('server_error', 'boom') }));
    const e = await client.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingUnavailableError);
    expect((e as BillingUnavailableError).message).toBe('GET /wallet/balance: answered 500');
    expect(server.seen).toHaveLength(3);
  });

  it('sends a POST without Idempotency-Key exactly once, even over a 503', async () => {
    server.script(() => ({ status: 503, body: apiError('server_error', 'boom') }));
    const e = await client.billing.createPaymentLink({ purpose: 'fund', amount: 50 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingUnavailableError);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('never retries an unkeyed PUT or DELETE', async () => {
    server.script(() => ({ status: 502, body: apiError('server_error', 'boom') }));
    await expect(client.wallet.setAutoFunding({ auto_charge_amount: 20, charge_threshold: 5 })).rejects.toBeInstanceOf(
      BillingUnavailableError,
    );
    await expect(client.wallet.disableAutoFunding()).rejects.toBeInstanceOf(BillingUnavailableError);
    expect(server.seen.map((r) => r.method)).toEqual(['PUT', 'DELETE']);
  });

  it('retries a keyed POST with the same key', async () => {
    server.script((_, i) =>
      i === 0
        ? { status: 503, body: apiError('server_error', 'boom') }
        : {
            body: envelope({
              payment_url: 'https://checkout.example/c/cs_1',
              session_id: 'cs_1',
              expires_at: '2026-11-30T12:00:00Z',
            }),
          },
    );
    const link = await client.billing.createPaymentLink(
      { purpose: 'fund', amount: 50 },
      { idempotencyKey: 'paylink-r1-a1' },
    );
    expect(link.session_id).toBe('cs_1');
    expect(server.seen.map((r) => r.headers['idempotency-key'])).toEqual(['paylink-r1-a1', 'paylink-r1-a1']);
    expect(server.seen[1]?.body).toEqual({ purpose: 'fund', amount: 50 });
  });

  it('retries keyed PUT and DELETE too', async () => {
    const autoFunding = envelope({ enabled: false, auto_charge_amount: null, charge_threshold: null });
    server.script((_, i) =>
      i % 2 === 0 ? { status: 502, body: apiError('server_error', 'boom') } : { body: autoFunding },
    );
    await client.wallet.disableAutoFunding({ idempotencyKey: 'af-off-1' });
    await client.subscriptions.changePlan(45, 3, { idempotencyKey: 'cp-1' }).catch(() => {});
    expect(server.seen.map((r) => `${r.method} ${r.headers['idempotency-key']}`)).toEqual([
      'DELETE af-off-1',
      'DELETE af-off-1',
      'PUT cp-1',
      'PUT cp-1',
    ]);
  });

  it('does not retry 4xx answers, keyed or not', async () => {
    server.script(() => ({ status: 422, body: apiError('validation_error', 'bad', { amount: 'too small' }) }));
    await expect(client.wallet.fund({ amount: 10 }, { idempotencyKey: 'k' })).rejects.toMatchObject({ status: 422 });
    expect(server.seen).toHaveLength(1);
  });
});

describe('outages', () => {
  it('turns a dropped connection into BillingUnavailableError after retrying the GET', async () => {
    server.script(() => ({ destroy: true }));
    const e = await client.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingUnavailableError);
    expect(server.seen).toHaveLength(3);
    expect(calls.every((c) => c.status === 'network')).toBe(true);
  });

  it('turns a refused connection into BillingUnavailableError', async () => {
    const dead = new ModelsLabClient({
      baseUrl: 'http://127.0.0.1:9/api',
      token: TOKEN,
      retry: { limit: 0, baseDelayMs: 1 },
    });
    const e = await dead.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingUnavailableError);
    expect((e as BillingUnavailableError).code).toBe('billing_unavailable');
  });

  it('times out a silent server per attempt and retries GETs', async () => {
    client = makeClient({ timeoutMs: 80 });
    server.script((_, i) => (i === 0 ? { hang: true } : { body: BALANCE }));
    await expect(client.wallet.balance()).resolves.toMatchObject({ balance: 20 });
    expect(server.seen).toHaveLength(2);
  });

  it('times out an unkeyed POST once, with BillingUnavailableError', async () => {
    client = makeClient({ timeoutMs: 80 });
    server.script(() => ({ hang: true }));
    const started = Date.now();
    const e = await client.wallet.confirmCheckout('cs_1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingUnavailableError);
    expect((e as Error).message).toMatch(/timed out after 80 ms/);
    expect(server.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('rate limits', () => {
  it('throws BillingRateLimitedError with the Retry-After wait, without retrying', async () => {
    // The clock a few seconds before the Reset: a Reset years ahead is clamped (test below).
    client = makeClient({ clock: new ManualClock(1_899_999_990_000) });
    server.script(() => ({
      status: 429,
      headers: { 'retry-after': '7', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' },
      body: apiError('rate_limited', 'Too many requests'),
    }));
    const e = await client.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingRateLimitedError);
    expect((e as BillingRateLimitedError).retryAfterMs).toBe(7_000);
    expect(server.seen).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: 429, rateLimit: { remaining: 0, resetAt: 1_900_000_000_000 } });
  });

  it('falls back to X-RateLimit-Reset (epoch seconds) when Retry-After is absent', async () => {
    const clock = new ManualClock(1_900_000_000_000);
    client = makeClient({ clock });
    server.script(() => ({
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000012' },
      body: apiError('rate_limited', 'Too many requests'),
    }));
    const e = await client.wallet.confirmCheckout('cs_1', { idempotencyKey: 'k' }).catch((x: unknown) => x);
    expect((e as BillingRateLimitedError).retryAfterMs).toBe(12_000);
    expect(server.seen).toHaveLength(1);
  });

  it('a nonsense Reset or Retry-After (years ahead) closes the budget for minutes, not years', async () => {
    // A header in ms instead of s, or any garbage: the shared budget (every process, kept in the
    // store) must not stop every payment check until then.
    const now = 1_900_000_000_000;
    const clock = new ManualClock(now);
    const budget = new MemoryRateBudget(15);
    const observe = honourRateLimitHeaders(() => budget);
    client = makeClient({
      clock,
      onCall: (info) => {
        calls.push(info);
        observe(info);
      },
    });
    const yearsAhead = String(now); // epoch ms where seconds are meant: year 62,000
    server.script((_, i) =>
      i === 0
        ? { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': yearsAhead }, body: envelope({ ok: 1 }) }
        : { status: 429, headers: { 'retry-after': '31536000' }, body: apiError('rate_limited', 'Too many') },
    );
    await client.wallet.confirmCheckout('cs_1', { idempotencyKey: 'k1' }).catch(() => undefined);
    const e = await client.wallet.confirmCheckout('cs_2', { idempotencyKey: 'k2' }).catch((x: unknown) => x);
    await Promise.resolve();
    expect((e as BillingRateLimitedError).retryAfterMs).toBeLessThanOrEqual(MAX_RATE_LIMIT_WAIT_MS);
    expect(calls[0]?.rateLimit?.resetAt).toBeLessThanOrEqual(now + MAX_RATE_LIMIT_WAIT_MS);
    expect((await budget.tryTake(now + 1_000)).blocked).toBe(true);
    expect((await budget.tryTake(now + MAX_RATE_LIMIT_WAIT_MS)).granted).toBe(true);
  });

  it('reports X-RateLimit-* of successful calls through onCall', async () => {
    client = makeClient({ clock: new ManualClock(1_900_000_000_000) });
    server.script(() => ({
      headers: { 'x-ratelimit-remaining': '13', 'x-ratelimit-reset': '1900000060' },
      body: BALANCE,
    }));
    await client.wallet.balance();
    expect(calls).toEqual([
      expect.objectContaining({
        endpoint: '/wallet/balance',
        method: 'GET',
        status: 200,
        rateLimit: { remaining: 13, resetAt: 1_900_000_060_000 },
      }),
    ]);
    expect(calls[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('checks before sending', () => {
  const cases: Array<[string, () => Promise<unknown>, string, RegExp]> = [
    [
      'fund below $10',
      () => client.billing.createPaymentLink({ purpose: 'fund', amount: 9.99 }),
      'amount',
      /at least \$10/,
    ],
    ['3 decimals', () => client.billing.createPaymentLink({ purpose: 'fund', amount: 10.005 }), 'amount', /2 decimals/],
    ['above $10,000', () => client.wallet.fund({ amount: 10_000.01 }), 'amount', /at most \$10000/],
    ['NaN', () => client.wallet.fund({ amount: Number.NaN }), 'amount', /number of dollars/],
    [
      'plan 0',
      () => client.billing.createPaymentLink({ purpose: 'subscribe', plan_id: 0 }),
      'plan_id',
      /positive integer/,
    ],
    ['plan 1.5', () => client.subscriptions.create({ plan_id: 1.5 }), 'plan_id', /positive integer/],
    ['new plan -3', () => client.subscriptions.changePlan(45, -3), 'new_plan_id', /positive integer/],
    ['limit 201', () => client.wallet.transactions({ limit: 201 }), 'limit', /1 to 200/],
    ['empty session', () => client.wallet.confirmCheckout(' '), 'session_id', /non-empty/],
  ];
  it.each(cases)('%s: BillingInvalidInputError naming the rule, nothing sent', async (_, run, field, rule) => {
    const e = await run().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingInvalidInputError);
    expect(e).toMatchObject({ code: 'billing_invalid_input', field });
    expect((e as Error).message).toMatch(rule);
    expect(server.seen).toHaveLength(0);
  });

  it('accepts $10.00, $19.99 and $10,000 exactly', async () => {
    server.script(() => ({
      body: envelope({ checkout_url: 'https://x/c', session_id: 'cs', expires_at: '2026-11-30T12:00:00Z' }),
    }));
    for (const amount of [10, 19.99, 10_000]) await client.wallet.fund({ amount });
    expect(server.seen.map((r) => (r.body as { amount: number }).amount)).toEqual([10, 19.99, 10_000]);
  });
});

describe('the bearer token stays secret', () => {
  function leakyServer(): void {
    // A hostile or buggy server echoing the Authorization header everywhere it can.
    server.script((req) => {
      const auth = String(req.headers.authorization);
      if (req.path.endsWith('/balance')) return { status: 500, body: apiError('server_error', auth) };
      return { status: 403, body: apiError('forbidden', `bad token ${auth}`, { token: auth, nested: [auth] }) };
    });
  }

  it('is absent from error messages, details and causes', async () => {
    leakyServer();
    const http = await client.wallet.confirmCheckout('cs_1').catch((x: unknown) => x);
    const down = await client.wallet.balance().catch((x: unknown) => x);
    const dead = await new ModelsLabClient({
      baseUrl: 'http://127.0.0.1:9/api',
      token: TOKEN,
      retry: { limit: 0, baseDelayMs: 1 },
    }).wallet
      .balance()
      .catch((x: unknown) => x);
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const e of [http, down, dead]) {
      expect(e).toBeInstanceOf(BotError);
      const err = e as Error;
      const everything = `${err.message} ${JSON.stringify(err)} ${String(err.stack)} ${JSON.stringify(err.cause)} ${String((err.cause as Error | undefined)?.message)}`;
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain('foPpeJkE');
    }
    expect((http as Error).message).toContain('[redacted]');
  });

  it('is absent from captured logs: our Logger port and pino writing to a capture stream', async () => {
    const recorder = recordingLogger();
    const captured: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        captured.push(chunk.toString());
        done();
      },
    });
    const pinoLogger = pino({ level: 'debug' }, sink);
    for (const logger of [recorder.logger, pinoLogger as unknown as Logger]) {
      const c = makeClient({ logger });
      leakyServer();
      const errors = [
        await c.wallet.confirmCheckout('cs_1').catch((x: unknown) => x),
        await c.wallet.balance().catch((x: unknown) => x),
      ];
      // The way an app would log a failure: the error object itself, through the logger's serializer.
      for (const err of errors) logger.error({ err }, 'billing call failed');
    }
    expect(recorder.lines.length).toBeGreaterThan(3);
    expect(captured.length).toBeGreaterThan(3);
    const all = [...recorder.lines, ...captured].join('\n');
    expect(all).toContain('POST /wallet/confirm-checkout');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('foPpeJkE');
  });

  it('sends the new token after setToken and still redacts the old one', async () => {
    leakyServer();
    client.setToken('2|newtokenvalue0123456789');
    const e = (await client.wallet.confirmCheckout('cs_1').catch((x: unknown) => x)) as Error;
    expect(server.seen[0]?.headers.authorization).toBe('Bearer 2|newtokenvalue0123456789');
    expect(e.message).not.toContain('newtokenvalue');
    expect(e.message).not.toContain(TOKEN);
  });
});
