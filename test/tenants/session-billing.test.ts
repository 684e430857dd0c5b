/**
 * The session-account record and the routing billing port, on the real simulator: the record is
 * written before createPaymentLink returns (a failed write returns no link, and the retry with the
 * same key finds the same session and records it); a routed confirm spends its own account's
 * budget and never throws a rate limit the watcher would pin on the current account; a rotated
 * (refused) retired token falls back to the current one; and a retired token's keep, on a
 * ManualClock, ends at its last session's expiry plus the grace.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BillingUnavailableError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import {
  type KeyValueStore,
  type RateBudget,
  silentLogger,
  systemClock,
  type TakeOptions,
} from '../../src/core/shared/ports.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, MemoryRateBudget, type Stores } from '../../src/store/index.ts';
import { AccountPool } from '../../src/tenants/accounts.ts';
import { Directory } from '../../src/tenants/directory.ts';
import { createSecretBox } from '../../src/tenants/secret-box.ts';
import {
  RETIRED_GRACE_MS,
  RETIRED_MIN_HOLD_MS,
  retiredKeepUntil,
  SessionAccounts,
} from '../../src/tenants/session-accounts.ts';
import { type HeldCredential, SessionBilling } from '../../src/tenants/session-billing.ts';
import { ENV_SETTINGS } from './hub-rig.ts';

const OLD = 'sandbox-old';
const NEW = 'sandbox-new';
const ADMIN = { platform: 'slack' as const, id: 'U-admin' };
const HOUR = 3_600_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A budget that counts what it granted. */
class CountingBudget implements RateBudget {
  granted = 0;
  readonly #inner: RateBudget;
  constructor(inner: RateBudget) {
    this.#inner = inner;
  }
  async tryTake(nowMs: number, options?: TakeOptions) {
    const r = await this.#inner.tryTake(nowMs, options);
    if (r.granted) this.granted += 1;
    return r;
  }
  blockUntil(untilMs: number) {
    return this.#inner.blockUntil(untilMs);
  }
}

async function setup() {
  const sim: Simulator = createSimulator({ tokens: ['sandbox-token'] });
  const { apiUrl } = await sim.start(0);
  cleanups.push(() => sim.stop());
  const stores: Stores = await createStores('memory://');
  cleanups.push(() => stores.close());
  const budgets = new Map<string, CountingBudget>();
  const pool = new AccountPool({
    baseUrl: apiUrl,
    clock: systemClock,
    logger: silentLogger,
    keys: [{ id: 'k1', key: randomBytes(32) }],
    retry: { limit: 0 },
    budgetFor: (account) => {
      let b = budgets.get(account ?? '');
      if (!b) {
        b = new CountingBudget(new MemoryRateBudget(60));
        budgets.set(account ?? '', b);
      }
      return b;
    },
  });
  const port = (kv: KeyValueStore, retired: HeldCredential[], token = NEW) => {
    const current = pool.acquire(token);
    const sessions = new SessionAccounts(kv, systemClock);
    const billing = new SessionBilling({
      current: { ...current, account: current.account ?? '' },
      currentFingerprints: pool.fingerprintsOf(token),
      sessions,
      held: async () => retired,
      accounts: pool,
      clock: systemClock,
      logger: silentLogger,
      routedWaitMs: 0,
    });
    return { billing, sessions, current };
  };
  return { sim, stores, pool, budgets, port };
}

describe('session billing', () => {
  it('no link without its account on record: a failed write returns nothing, the retry with the same key records the same session', async () => {
    const { sim, stores, pool, port } = await setup();
    let failWrites = 1;
    const kv: KeyValueStore = {
      get: (k) => stores.kv.get(k),
      delete: (k) => stores.kv.delete(k),
      async set(k, v, ttl) {
        // The process "dies" between ModelsLab's answer and the record.
        if (failWrites-- > 0) throw new Error('store went away');
        return stores.kv.set(k, v, ttl);
      },
    };
    const { billing, sessions } = port(kv, []);
    await expect(billing.createPaymentLink({ purpose: 'fund', amountCents: 2_500 }, 'paylink-r1-1')).rejects.toThrow(
      'store went away',
    );
    // ModelsLab opened a session, but no link came back: nothing the engine could persist or hand out.
    const opened = sim.state.sessions('new');
    expect(opened).toHaveLength(1);
    expect(await sessions.accountOf(opened[0]?.id ?? '')).toBeUndefined();

    // The engine's retry (sweep or restart) reuses the key: the same session, now on record.
    const link = await billing.createPaymentLink({ purpose: 'fund', amountCents: 2_500 }, 'paylink-r1-1');
    expect(link.sessionId).toBe(opened[0]?.id);
    expect(sim.state.sessions('new')).toHaveLength(1);
    expect(await sessions.accountOf(link.sessionId)).toBe(pool.accountOf(NEW));
    expect(await sessions.lastExpiry(pool.fingerprintsOf(NEW))).toBe(link.expiresAt);
  });

  it('a routed confirm spends its own account’s budget; with none free it says unavailable (never a rate limit on the current account) and sends nothing', async () => {
    const { sim, stores, pool, budgets, port } = await setup();
    // A session of the old account, created while it was current.
    const old = pool.acquire(OLD);
    const link = await old.billing.createPaymentLink({ purpose: 'fund', amountCents: 1_000 }, 'paylink-r2-1');
    const { billing, sessions, current } = port(stores.kv, [{ token: OLD, account: pool.accountOf(OLD) }]);
    await sessions.record(link.sessionId, pool.accountOf(OLD), link.expiresAt);
    sim.controls.markPaid(link.sessionId);

    const oldBudget = budgets.get(pool.accountOf(OLD));
    const currentBudget = budgets.get(current.account ?? '');
    const before = oldBudget?.granted ?? 0;
    const outcome = await billing.confirmCheckout('fund', link.sessionId, `confirm-${link.sessionId}`);
    expect(outcome).toMatchObject({ status: 'paid' });
    expect(oldBudget?.granted).toBe(before + 1);
    expect(currentBudget?.granted).toBe(0);
    expect(billing.routedAccounts).toBe(1);

    // Spend the old account's budget dry.
    while ((await oldBudget?.tryTake(Date.now()))?.granted);
    const calls = sim.state.calls().length;
    const err = await billing.confirmCheckout('fund', link.sessionId, `confirm-${link.sessionId}`).catch((e) => e);
    expect(err).toBeInstanceOf(BillingUnavailableError);
    expect(sim.state.calls().length).toBe(calls);
    expect((await currentBudget?.tryTake(Date.now()))?.granted).toBe(true);

    billing.close();
    expect(billing.routedAccounts).toBe(0);
  });

  it('a retired token ModelsLab refuses (rotated away) falls back to the current token, which knows its account’s session', async () => {
    const { sim, stores, pool, port } = await setup();
    const { billing, sessions, current } = port(stores.kv, [{ token: 'rotated-away-token', account: 'fp-rotated' }]);
    // The current token's account made the session; the record names the rotated-away token.
    const link = await current.billing.createPaymentLink({ purpose: 'fund', amountCents: 1_000 }, 'paylink-r3-1');
    await sessions.record(link.sessionId, 'fp-rotated', link.expiresAt);
    sim.controls.markPaid(link.sessionId);
    expect(await billing.confirmCheckout('fund', link.sessionId, `confirm-${link.sessionId}`)).toMatchObject({
      status: 'paid',
    });
    const confirms = sim.state.calls().filter((c) => c.idempotencyKey === `confirm-${link.sessionId}`);
    expect(confirms.map((c) => c.status)).toEqual([401, 200]);
    expect(pool.accountOf(NEW)).not.toBe('fp-rotated');
  });

  it('a session made by a token another process connected meanwhile is confirmed with that token', async () => {
    const { sim, stores, pool, port } = await setup();
    // This process still runs on OLD; another connected NEW and made a link with it.
    const { billing } = port(stores.kv, [{ token: NEW, account: pool.accountOf(NEW) }], OLD);
    const other = port(stores.kv, []);
    const link = await other.billing.createPaymentLink({ purpose: 'fund', amountCents: 1_000 }, 'paylink-r4-1');
    sim.controls.markPaid(link.sessionId);
    expect(await billing.confirmCheckout('fund', link.sessionId, `confirm-${link.sessionId}`)).toMatchObject({
      status: 'paid',
    });
    const confirms = sim.state.calls().filter((c) => c.idempotencyKey === `confirm-${link.sessionId}`);
    expect(confirms.map((c) => c.account)).toEqual(['new']);
  });
});

describe('retired tokens: how long they are kept (ManualClock)', () => {
  it('kept until the last session it created expired plus the grace; a link recorded after the retirement extends it', async () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const stores = await createStores('memory://');
    cleanups.push(() => stores.close());
    const keys = [{ id: 'k1', key: randomBytes(32) }];
    const pool = new AccountPool({
      baseUrl: 'http://127.0.0.1:9',
      clock,
      logger: silentLogger,
      keys,
      budgetFor: () => new MemoryRateBudget(60),
    });
    const directory = new Directory({
      tenancy: 'workspaces',
      kv: stores.kv,
      leases: stores.leases,
      box: createSecretBox(keys),
      defaults: () => ENV_SETTINGS,
      checkToken: async () => ({ ok: true, balanceCents: 0 }),
      accountOf: (t) => pool.accountOf(t),
      auditFor: () => stores.audit,
      clock,
      logger: silentLogger,
    });
    const sessions = new SessionAccounts(stores.scope('slack:TA').kv, clock);
    const keepOf = async () => {
      const [r] = await directory.retiredCredentials('slack:TA');
      return r ? retiredKeepUntil(sessions, r, pool.fingerprintsOf(r.token)) : undefined;
    };

    await directory.connect('slack:TA', OLD, ADMIN);
    await sessions.record('cs_1', pool.accountOf(OLD), t0 + 24 * HOUR);
    await clock.advance(HOUR);
    await directory.connect('slack:TA', NEW, ADMIN);
    expect((await directory.retiredCredentials('slack:TA'))[0]).toMatchObject({
      account: pool.accountOf(OLD),
      retiredAt: t0 + HOUR,
    });
    expect(await keepOf()).toBe(t0 + 24 * HOUR + RETIRED_GRACE_MS);

    // Another process was creating a link with the old token as it was replaced.
    await clock.advance(10 * 60_000);
    await sessions.record('cs_2', pool.accountOf(OLD), clock.now() + 24 * HOUR);
    const until = await keepOf();
    expect(until).toBe(t0 + HOUR + 10 * 60_000 + 24 * HOUR + RETIRED_GRACE_MS);

    // Sessions of the new account do not keep the old token.
    await sessions.record('cs_3', pool.accountOf(NEW), t0 + 90 * HOUR);
    expect(await keepOf()).toBe(until);

    await clock.advance((until ?? 0) - clock.now() - 1);
    expect(clock.now() < (until ?? 0)).toBe(true);
    await clock.advance(1);
    expect(clock.now() >= (until ?? 0)).toBe(true);
    await directory.forgetRetired('slack:TA', pool.accountOf(OLD));
    expect(await directory.retiredCredentials('slack:TA')).toEqual([]);
    expect((await directory.record('slack:TA'))?.retired).toBeUndefined();
    expect((await directory.credentials('slack:TA'))?.token).toBe(NEW);
  });

  it('a retired token with no session on record is kept for the minimum hold only', async () => {
    const clock = new ManualClock();
    const stores = await createStores('memory://');
    cleanups.push(() => stores.close());
    const sessions = new SessionAccounts(stores.kv, clock);
    const retired = { account: 'fp-old', retiredAt: clock.now() };
    expect(await retiredKeepUntil(sessions, retired, ['fp-old'])).toBe(clock.now() + RETIRED_MIN_HOLD_MS);
    // Once a session is on record, its expiry plus the grace, if later.
    await sessions.record('cs_1', 'fp-old', clock.now() + 60_000);
    expect(await retiredKeepUntil(sessions, retired, ['fp-old'])).toBe(
      Math.max(clock.now() + RETIRED_MIN_HOLD_MS, clock.now() + 60_000 + RETIRED_GRACE_MS),
    );
    // A session recorded under another fingerprint (another account) counts for nothing here.
    await sessions.record('cs_2', 'fp-other', clock.now() + 90 * HOUR);
    expect(await retiredKeepUntil(sessions, retired, ['fp-old'])).toBe(clock.now() + 60_000 + RETIRED_GRACE_MS);
  });
});
