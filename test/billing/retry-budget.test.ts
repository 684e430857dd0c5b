/**
 * A retry of a billing-limited call is one more call in ModelsLab's window, so it takes its own
 * token: during a 5xx outage one token used to buy three HTTP calls (the first attempt and two
 * retries under one grant). Against a scripted server that answers 503 to everything.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelsLabClient } from '../../src/billing/index.ts';
import { BillingUnavailableError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { RateBudget } from '../../src/core/shared/ports.ts';
import { MemoryRateBudget } from '../../src/store/index.ts';
import { apiError, envelope, type ScriptedServer, startScriptedServer } from './scripted-server.ts';

let server: ScriptedServer;
const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  server.script(() => ({ status: 503, body: apiError('server_error', 'down') }));
});

function client(budget: RateBudget | undefined): ModelsLabClient {
  return new ModelsLabClient({
    baseUrl: server.url,
    token: 'sandbox-token',
    clock,
    retry: { limit: 2, baseDelayMs: 1 },
    budget: () => budget,
  });
}

const confirm = (c: ModelsLabClient, key: string) =>
  c.wallet.confirmCheckout('cs_1', { idempotencyKey: key }).catch((e: unknown) => e);

/** `inner`, counting the takes it grants. */
function counted(inner: RateBudget): RateBudget & { grants: number } {
  const budget = {
    grants: 0,
    async tryTake(nowMs: number, options?: { keep?: number }) {
      const answer = await inner.tryTake(nowMs, options);
      if (answer.granted) budget.grants += 1;
      return answer;
    },
    blockUntil: (untilMs: number) => inner.blockUntil(untilMs),
  };
  return budget;
}

describe('retries of billing calls spend the budget', () => {
  it('each retry takes a token and leaves one for a first attempt; with none the retry is not sent', async () => {
    const budget = counted(new MemoryRateBudget(15, { burst: 4 }));
    // The caller's token for the first attempt (the watcher's loop or BudgetedBilling takes it).
    expect((await budget.tryTake(clock.now())).granted).toBe(true);
    expect(await confirm(client(budget), 'k1')).toBeInstanceOf(BillingUnavailableError);
    expect(server.seen).toHaveLength(3); // the first attempt and two retries, each with its token
    expect(budget.grants).toBe(3);

    // One token left: the next call's first attempt (already paid for) goes out, its retry does not.
    server.seen.length = 0;
    expect((await budget.tryTake(clock.now())).granted).toBe(true);
    expect(await confirm(client(budget), 'k2')).toBeInstanceOf(BillingUnavailableError);
    expect(server.seen).toHaveLength(1);
    expect(budget.grants).toBe(4);
  });

  it('in an outage, calls that reach the server never outnumber the grants', async () => {
    const budget = counted(new MemoryRateBudget(15, { burst: 15 })); // all at once: the clock stands still
    const c = client(budget);
    for (let n = 0; n < 15; n++) {
      if (!(await budget.tryTake(clock.now())).granted) continue;
      await confirm(c, `k-${n}`);
    }
    // Old code: 15 grants bought 45 calls. Now every attempt is a grant, and never past the limit.
    expect(server.seen.length).toBe(budget.grants);
    expect(server.seen.length).toBe(15);
  });

  it('without a budget, a keyed billing mutation is sent once; reads and /auth still retry', async () => {
    const c = client(undefined);
    expect(await confirm(c, 'k3')).toBeInstanceOf(BillingUnavailableError);
    expect(server.seen.map((r) => r.method)).toEqual(['POST']);
    server.seen.length = 0;
    await c.wallet.balance().catch(() => {});
    expect(server.seen.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('a retry that gets its token succeeds as before', async () => {
    server.script((_, i) =>
      i === 0
        ? { status: 503, body: apiError('server_error', 'boom') }
        : { body: envelope({ already_confirmed: true, wallet: { balance: 20, currency: 'USD' } }) },
    );
    const budget = counted(new MemoryRateBudget(15));
    await budget.tryTake(clock.now());
    await confirm(client(budget), 'k4');
    expect(server.seen).toHaveLength(2);
    expect(budget.grants).toBe(2);
  });
});
