import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type RateBudget, systemClock } from '../../src/core/shared/ports.ts';
import { createLogger } from '../../src/ops/index.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { MemoryRateBudget } from '../../src/store/index.ts';
import { AccountPool } from '../../src/tenants/accounts.ts';

const GOOD = 'sandbox-alpha';
const WRONG = 'not-a-modelslab-token-0f9e8d7c6b5a';
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function pool(options: { baseUrl?: string; perMinute?: number } = {}) {
  let logs = '';
  const logger = createLogger({
    level: 'debug',
    pretty: false,
    destination: new Writable({
      write(chunk, _e, done) {
        logs += String(chunk);
        done();
      },
    }),
  });
  let baseUrl = options.baseUrl;
  if (!baseUrl) {
    sim = createSimulator({ tokens: [GOOD] });
    baseUrl = (await sim.start(0)).apiUrl;
  }
  const budgets = new Map<string, RateBudget>();
  const p = new AccountPool({
    baseUrl,
    clock: systemClock,
    logger,
    keys: [{ id: 'k1', key: randomBytes(32) }],
    retry: { limit: 0 },
    checkWaitMs: 0,
    budgetFor: (account) => {
      let b = budgets.get(account ?? '');
      if (!b) {
        b = new MemoryRateBudget(options.perMinute ?? 60);
        budgets.set(account ?? '', b);
      }
      return b;
    },
  });
  return { p, logs: () => logs, budgets };
}

describe('account pool: checking a token', () => {
  it('a working token: one read, the balance, and no shared client kept for it', async () => {
    const { p, logs } = await pool();
    const check = await p.checkToken(GOOD);
    expect(check).toEqual({ ok: true, balanceCents: expect.any(Number) });
    expect(sim?.state.calls().map((c) => `${c.method} ${c.path}`)).toEqual(['GET /wallet/balance']);
    expect(p.size).toBe(0);
    expect(logs()).not.toContain(GOOD);
  });

  it('a token ModelsLab refuses is "rejected"; an unreachable ModelsLab is "unavailable"; neither is logged', async () => {
    const { p, logs } = await pool();
    expect(await p.checkToken(WRONG)).toEqual({ ok: false, reason: 'rejected' });
    await sim?.stop();
    const down = await pool({ baseUrl: 'http://127.0.0.1:9/api/agents/v1' });
    expect(await down.p.checkToken(WRONG)).toEqual({ ok: false, reason: 'unavailable' });
    expect(logs() + down.logs()).not.toContain(WRONG);
    expect(logs() + down.logs()).not.toContain('token-0f9e');
  });

  it('the check spends its own account’s budget: an account with none left answers "unavailable" without calling', async () => {
    const { p, budgets } = await pool({ perMinute: 5 });
    const account = p.accountOf(GOOD);
    const budget = new MemoryRateBudget(5);
    budgets.set(account, budget);
    for (let i = 0; i < 100 && (await budget.tryTake(Date.now())).granted; i++);
    expect(await p.checkToken(GOOD)).toEqual({ ok: false, reason: 'unavailable' });
    expect(sim?.state.calls()).toHaveLength(0);
    // Another account is not held up by it.
    expect((await p.checkToken(WRONG)).ok).toBe(false);
    expect(sim?.state.calls()).toHaveLength(1);
  });

  it('acquire shares one client per token until its last user releases it', async () => {
    const { p } = await pool();
    const a = p.acquire(GOOD);
    const b = p.acquire(GOOD);
    const c = p.acquire(WRONG);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a.account).toBe(p.accountOf(GOOD));
    expect(p.size).toBe(2);
    p.release(a);
    expect(p.size).toBe(2);
    p.release(b);
    p.release(c);
    expect(p.size).toBe(0);
    expect(p.acquire(GOOD, { legacy: true }).account).toBeUndefined();
  });
});
