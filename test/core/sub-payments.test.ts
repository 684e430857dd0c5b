/**
 * Failed subscription payments (issue 18, part 4) on the live simulator: the monitor's one notice
 * per failure episode (across rounds, two processes on one store, a restart, a crash between the
 * decision and the record), Fix payment and its outcomes (fixed, refused, 3-D Secure by DM only,
 * declined), recovery elsewhere, and the status checks living on spare budget only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetedBilling } from '../../src/billing/budgeted-billing.ts';
import { createPaymentMonitor } from '../../src/channel-jobs.ts';
import { BillingSchemaError, BillingUnavailableError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { BillingPort, KeyValueStore } from '../../src/core/shared/ports.ts';
import { noticeKey, PaymentMonitor, type PaymentNotice } from '../../src/core/subscriptions/index.ts';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob } from './harness.ts';
import { capturingLogger, live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
let env: Live | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const channel = { platform: 'slack' as const, channelId: 'C-alerts' };
const INTERVAL = 15 * 60_000;

async function start(wrapBilling?: (b: BillingPort) => BillingPort) {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));
  env = await live({ clock, watcher: 'on-demand', ...(wrapBilling ? { wrapBilling } : {}) });
  return { e: env, clock };
}

/** A monitor as createBot builds it: the engine's budgeted port, the store's kv and leases. */
function monitorOf(e: Live, clock: ManualClock, ownerId = 'proc-a', logger = capturingLogger()) {
  const m = createPaymentMonitor(
    { billing: e.bot.billing, stores: e.stores, messengers: new Map([['slack', e.messenger]]), clock, logger, ownerId },
    { channel, intervalMs: INTERVAL },
  );
  if (!m) throw new Error('no monitor');
  return m;
}

const notices = (e: Live) => e.messenger.channelPosts().filter((p) => p.kind === 'post' && p.channelId === 'C-alerts');
const statusCalls = (e: Live, id: number) =>
  e.sim.state.calls().filter((c) => c.path === `/subscriptions/${id}/status`).length;
const fixCalls = (e: Live, id: number) =>
  e.sim.state.calls().filter((c) => c.path === `/subscriptions/${id}/fix-payment`).length;
/** The billing port with its fix-payment call replaced (a class: its other methods stay bound to it). */
function withFix(b: BillingPort, fix: BillingPort['fixSubscriptionPayment']): BillingPort {
  return new Proxy(b, {
    get(target, prop, receiver) {
      if (prop === 'fixSubscriptionPayment') return fix;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A minute later: the budget's bucket is full again (a frozen clock never refills it). */
const later = (clock: ManualClock) => clock.advance(60_000);

describe('the failed-payment notice', () => {
  it('one notice per failure, across rounds, two processes on one store and a restart', async () => {
    const { e, clock } = await start();
    const id = e.sim.controls.pastDue();
    const a = monitorOf(e, clock, 'proc-a');
    expect(await a.checkOnce()).toMatchObject({ checked: 1, posted: 1 });
    const [notice] = notices(e);
    expect(notice?.reply.text).toBe(
      `The payment for the ${(await e.billing.listSubscriptions()).find((s) => s.id === id)?.planName} subscription (#${id}) failed; it is past due. Approvers: Fix payment retries it with the card on file.`,
    );
    expect(notice?.reply.buttons).toEqual([
      { kind: 'action', action: 'fix_payment', value: String(id), label: 'Fix payment', style: 'primary' },
    ]);

    for (let round = 0; round < 3; round++) {
      await later(clock);
      expect(await a.checkOnce()).toMatchObject({ checked: 1, posted: 0 });
    }
    // A second process on the same store: while the first holds the lease it does not check.
    const b = monitorOf(e, clock, 'proc-b');
    expect(await b.checkOnce()).toMatchObject({ idle: true, checked: 0 });
    // The first process dies: its lease lapses and the second takes over, remembering the notice.
    await clock.advance(2 * INTERVAL + 1);
    expect(await b.checkOnce()).toMatchObject({ checked: 1, posted: 0 });
    // A restart of the first process (same owner id): the store remembers the notice too.
    await clock.advance(2 * INTERVAL + 1);
    const restarted = monitorOf(e, clock, 'proc-a');
    expect(await restarted.checkOnce()).toMatchObject({ checked: 1, posted: 0 });
    expect(notices(e)).toHaveLength(1);
  });

  it('a crash between the post and its record posts the same notice once more, then never again', async () => {
    const { e, clock } = await start();
    const id = e.sim.controls.pastDue();
    // The process dies right after the platform took the post, before the record says so.
    let crashNext = true;
    const kv: KeyValueStore = {
      get: (k) => e.stores.kv.get(k),
      delete: (k) => e.stores.kv.delete(k),
      set: async (k, v, ttl) => {
        if (crashNext && (v as PaymentNotice | undefined)?.phase === 'posted') {
          crashNext = false;
          throw new Error('process killed');
        }
        return e.stores.kv.set(k, v, ttl);
      },
    };
    const logger = capturingLogger();
    const dying = new PaymentMonitor(
      {
        billing: e.bot.billing,
        kv,
        leases: e.stores.leases,
        messengers: new Map([['slack', e.messenger]]),
        clock,
        logger,
        ownerId: 'proc-a',
      },
      { channel, intervalMs: INTERVAL },
    );
    expect(await dying.checkOnce()).toMatchObject({ posted: 0, skipped: 1 });
    expect(notices(e)).toHaveLength(1);
    expect((await e.stores.kv.get<PaymentNotice>(noticeKey(id)))?.phase).toBe('posting');

    await later(clock);
    expect(await monitorOf(e, clock, 'proc-a').checkOnce()).toMatchObject({ posted: 1 });
    // The same message again (the platforms' post keys adopt the first or label this one).
    const [first, again] = notices(e);
    expect(again?.reply).toEqual(first?.reply);
    await later(clock);
    expect(await monitorOf(e, clock, 'proc-a').checkOnce()).toMatchObject({ posted: 0 });
    expect(notices(e)).toHaveLength(2);
  });

  it('recovery elsewhere edits the notice (button gone); a later failure is a new notice', async () => {
    const { e, clock } = await start();
    const id = e.sim.controls.pastDue();
    const m = monitorOf(e, clock);
    await m.checkOnce();
    const [notice] = notices(e);
    // Fixed outside the bot (ModelsLab's dashboard): the next round sees it active.
    await e.billing.fixSubscriptionPayment(id, 'dashboard-fix');
    expect(e.sim.state.subscriptionStatus(id)).toBe('active');
    await later(clock);
    expect(await m.checkOnce()).toMatchObject({ closed: 1 });
    const edited = e.messenger.latest(notice!.ref!);
    expect(edited?.text).toMatch(new RegExp(`subscription \\(#${id}\\) went through; it is active again\\.$`));
    expect(edited?.text).not.toContain('Fixed by');
    expect(edited?.buttons ?? []).toEqual([]);

    await later(clock);
    expect(await m.checkOnce()).toMatchObject({ posted: 0, closed: 0 });
    e.sim.controls.pastDue(id);
    await later(clock);
    expect(await m.checkOnce()).toMatchObject({ posted: 1 });
    expect(notices(e)).toHaveLength(2);
    expect((await e.stores.kv.get<PaymentNotice>(noticeKey(id)))?.episode).toBe(2);
  });
});

describe('Fix payment', () => {
  async function withNotice(wrapBilling?: (b: BillingPort) => BillingPort) {
    const { e, clock } = await start(wrapBilling);
    const id = e.sim.controls.pastDue();
    const m = monitorOf(e, clock);
    await m.checkOnce();
    await later(clock);
    const notice = notices(e)[0]!;
    return { e, clock, id, m, notice };
  }

  it('an approver fixes it with the card on file: active, the notice says who, audited', async () => {
    const { e, clock, id, m, notice } = await withNotice();
    const replies = await e.click(bob, 'fix_payment', String(id));
    expect(replies.map((r) => r.text)).toEqual([
      `Fixed: the payment went through. Subscription #${id} is active again.`,
    ]);
    expect(replies[0]?.ephemeral).toBe(true);
    expect(e.sim.state.subscriptionStatus(id)).toBe('active');
    const edited = e.messenger.latest(notice.ref!);
    expect(edited?.text).toContain('Fixed by ⟦user:U-bob⟧');
    expect(edited?.buttons ?? []).toEqual([]);
    const audit = (await e.stores.audit.list(0)).filter((a) => a.requestId === `sub-${id}`);
    expect(audit.map((a) => [a.purpose, a.to, a.actor?.id])).toEqual([
      ['subscription', 'done', 'U-bob'],
      ['subscription', 'done', 'U-bob'],
    ]);
    expect(audit[1]?.detail).toContain('went through');
    // The idempotency key comes from the persisted attempt: subscription, episode, attempt number.
    expect(e.sim.state.calls().find((c) => c.path.endsWith('/fix-payment'))?.idempotencyKey).toBe(`fixpay-${id}-1-1`);

    // A second click (a stale notice elsewhere): already active, nothing fixed twice.
    await later(clock);
    const again = await e.click(bob, 'fix_payment', String(id));
    expect(again[0]?.text).toMatch(/is already active: nothing to fix\.$/);
    expect(fixCalls(e, id)).toBe(1);
    await later(clock);
    expect(await m.checkOnce()).toMatchObject({ posted: 0, closed: 0 });
  });

  it('a click while a fix is in flight is told so; only one fix call is made', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered: () => void = () => {};
    const calling = new Promise<void>((r) => {
      entered = r;
    });
    const { e, id } = await withNotice((b) =>
      withFix(b, async (sub, key) => {
        entered();
        await held;
        return b.fixSubscriptionPayment(sub, key);
      }),
    );
    const first = e.click(bob, 'fix_payment', String(id));
    // The first click is waiting on ModelsLab; the second one arrives.
    await calling;
    const second = await e.click(bob, 'fix_payment', String(id));
    expect(second.map((r) => r.text)).toEqual([
      `The payment for subscription #${id} is already being fixed. Its answer comes in a moment.`,
    ]);
    release();
    expect((await first)[0]?.text).toMatch(/^Fixed: the payment went through/);
    expect(fixCalls(e, id)).toBe(1);
  });

  it('an attempt left unanswered (it may have been applied) is sent again with the same key', async () => {
    let lose = true;
    const { e, clock, id } = await withNotice((b) =>
      withFix(b, async (sub, key) => {
        if (lose) {
          lose = false;
          throw new BillingUnavailableError('POST /subscriptions/{id}/fix-payment', 'socket hang up');
        }
        return b.fixSubscriptionPayment(sub, key);
      }),
    );
    const lost = await e.click(bob, 'fix_payment', String(id));
    expect(lost[0]?.text).toMatch(/fix the subscription payment/);
    expect(e.sim.state.subscriptionStatus(id)).toBe('past_due');
    await later(clock);
    const again = await e.click(bob, 'fix_payment', String(id));
    expect(again[0]?.text).toMatch(/^Fixed: the payment went through/);
    const keys = e.sim.state
      .calls()
      .filter((c) => c.path.endsWith('/fix-payment'))
      .map((c) => c.idempotencyKey);
    expect(keys).toEqual([`fixpay-${id}-1-1`]);
  });

  it('an answer that cannot be read (it may have been applied) leaves the attempt open: the next click replays its key', async () => {
    let garble = true;
    const { e, clock, id } = await withNotice((b) =>
      withFix(b, async (sub, key) => {
        const answer = await b.fixSubscriptionPayment(sub, key);
        if (garble) {
          garble = false;
          throw new BillingSchemaError('POST /subscriptions/{id}/fix-payment', ['data: expected object']);
        }
        return answer;
      }),
    );
    // 3-D Secure: the fix reached ModelsLab and the subscription stays past due.
    e.sim.controls.addCard('requires_action', { makeDefault: true });
    const lost = await e.click(bob, 'fix_payment', String(id));
    expect(lost[0]?.text).toContain('It may have been done all the same');
    await later(clock);
    const again = await e.click(bob, 'fix_payment', String(id));
    expect(again[0]?.text).toMatch(/Check your DMs/);
    const keys = e.sim.state
      .calls()
      .filter((c) => c.path.endsWith('/fix-payment'))
      .map((c) => c.idempotencyKey);
    expect(keys).toEqual([`fixpay-${id}-1-1`, `fixpay-${id}-1-1`]);
  });

  it('anyone else is told the rule and nothing is called', async () => {
    const { e, id, notice } = await withNotice();
    const before = e.sim.state.calls().length;
    const replies = await e.click(alice, 'fix_payment', String(id));
    expect(replies.map((r) => r.text)).toEqual(['Only approvers can fix a subscription payment.']);
    expect(e.sim.state.calls().length).toBe(before);
    expect(e.sim.state.subscriptionStatus(id)).toBe('past_due');
    expect(e.messenger.latest(notice.ref!)?.buttons).toHaveLength(1);
  });

  it('3-D Secure: the page goes to the approver by DM only; once paid, the notice says recovered', async () => {
    const { e, clock, id, m, notice } = await withNotice();
    e.sim.controls.addCard('requires_action', { makeDefault: true });
    const replies = await e.click(bob, 'fix_payment', String(id));
    expect(replies[0]?.text).toMatch(/Check your DMs/);
    const [dm] = e.messenger.dmsTo('U-bob');
    const link = dm?.reply.buttons?.find((b) => b.kind === 'link');
    const url = link?.kind === 'link' ? link.url : '';
    expect(url).toMatch(new RegExp(`/checkout/fix/${id}$`));
    expect(e.sim.state.subscriptionStatus(id)).toBe('past_due');

    // Nowhere else: no channel post or edit, no answer, no log line, no audit row, nothing stored.
    const elsewhere = e.messenger.log.filter((r) => r.kind !== 'dm' && textOf(r.reply).includes(url));
    expect(elsewhere).toEqual([]);
    expect(e.logger.lines.filter((l) => l.includes(url))).toEqual([]);
    expect(JSON.stringify(await e.stores.audit.list(0))).not.toContain(url);
    expect(JSON.stringify(await e.stores.kv.get(noticeKey(id)))).not.toContain(url);
    expect(JSON.stringify(await e.stores.kv.get(`sub-payment-fix:${id}`))).not.toContain(url);

    // The cardholder pays on the page; the next round closes the notice.
    const paid = await fetch(`${url}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(e.sim.state.subscriptionStatus(id)).toBe('active');
    await later(clock);
    expect(await m.checkOnce()).toMatchObject({ closed: 1 });
    expect(e.messenger.latest(notice.ref!)?.text).toMatch(/went through; it is active again\.$/);
  });

  it('the approver’s DMs are closed: the page goes nowhere, they are told to open them, and the next click sends it', async () => {
    const { e, id, notice } = await withNotice();
    e.sim.controls.addCard('requires_action', { makeDefault: true });
    e.messenger.closedDms.add('U-bob');
    const replies = await e.click(bob, 'fix_payment', String(id));
    expect(replies.map((r) => r.text)).toEqual([
      'The bank wants the cardholder to confirm this payment, but I cannot send you a DM. Open your DMs to the bot and click Fix payment again.',
    ]);
    // The page's URL reached no message at all, and the notice still offers the fix.
    expect(e.messenger.log.filter((r) => textOf(r.reply).includes('/checkout/fix/'))).toEqual([]);
    expect(e.messenger.latest(notice.ref!)?.buttons).toHaveLength(1);
    expect(e.logger.lines.filter((l) => l.includes('/checkout/fix/'))).toEqual([]);

    e.messenger.closedDms.delete('U-bob');
    const again = await e.click(bob, 'fix_payment', String(id));
    expect(again[0]?.text).toMatch(/Check your DMs/);
    const [dm] = e.messenger.dmsTo('U-bob');
    expect(dm?.reply.buttons?.some((b) => b.kind === 'link' && b.url.endsWith(`/checkout/fix/${id}`))).toBe(true);
  });

  it('still past due and no page to finish it on: says so with the status, and the notice keeps its button', async () => {
    // ModelsLab answering past_due without a payment_url (the sim always gives one for 3-D Secure).
    const { e, id, notice } = await withNotice((b) =>
      withFix(b, async (sub, key) => ({ status: (await b.fixSubscriptionPayment(sub, key)).status })),
    );
    e.sim.controls.addCard('requires_action', { makeDefault: true });
    const replies = await e.click(bob, 'fix_payment', String(id));
    expect(replies.map((r) => r.text)).toEqual([
      `ModelsLab says subscription #${id} is still past_due: the payment did not go through. Check the card with /ml cards and try again.`,
    ]);
    expect(e.messenger.dmsTo('U-bob')).toEqual([]);
    expect(e.messenger.latest(notice.ref!)?.buttons).toHaveLength(1);
    const audit = (await e.stores.audit.list(0)).filter((a) => a.requestId === `sub-${id}`);
    expect(audit.at(-1)?.detail).toContain('still past_due');
  });

  it('no card on file: ModelsLab refuses, the approver hears why, and nothing is left in flight', async () => {
    const { e, clock, id } = await withNotice();
    await e.billing.removeCard('pm_1SeedVisa4242', 'rm-1');
    await e.billing.removeCard('pm_1SeedMc4444', 'rm-2');
    const replies = await e.click(bob, 'fix_payment', String(id));
    expect(replies.map((r) => r.text)).toEqual([
      `ModelsLab refused to fix the payment of subscription #${id}: “There is no card on file to pay with.” Nothing was charged. Check the card on file with /ml cards, then click Fix payment again.`,
    ]);
    const audit = (await e.stores.audit.list(0)).filter((a) => a.requestId === `sub-${id}`);
    expect(audit.at(-1)?.detail).toContain('refused (validation_error)');
    expect(e.sim.state.subscriptionStatus(id)).toBe('past_due');
    // Settled: the next click after a card is added is a new attempt with a new key.
    e.sim.controls.addCard('succeeds', { makeDefault: true });
    await later(clock);
    const again = await e.click(bob, 'fix_payment', String(id));
    expect(again[0]?.text).toMatch(/^Fixed: the payment went through/);
    expect(
      e.sim.state
        .calls()
        .filter((c) => c.path.endsWith('/fix-payment'))
        .map((c) => c.idempotencyKey),
    ).toEqual([`fixpay-${id}-1-1`, `fixpay-${id}-1-2`]);
  });

  it('a declined card: update it and try again; the next attempt is a new key and goes through', async () => {
    const { e, clock, id, notice } = await withNotice();
    e.sim.controls.addCard('declines', { makeDefault: true });
    const replies = await e.click(bob, 'fix_payment', String(id));
    expect(replies.map((r) => r.text)).toEqual([
      'The card on file was declined; update the card with /ml cards and try again.',
    ]);
    expect(e.sim.state.subscriptionStatus(id)).toBe('past_due');
    expect(e.messenger.latest(notice.ref!)?.buttons).toHaveLength(1);

    e.sim.controls.addCard('succeeds', { makeDefault: true });
    await later(clock);
    const again = await e.click(bob, 'fix_payment', String(id));
    expect(again[0]?.text).toMatch(/^Fixed: the payment went through/);
    const keys = e.sim.state
      .calls()
      .filter((c) => c.path.endsWith('/fix-payment'))
      .map((c) => c.idempotencyKey);
    expect(keys).toEqual([`fixpay-${id}-1-1`, `fixpay-${id}-1-2`]);
  });
});

describe('the budget', () => {
  it('status checks take spare tokens only: without one they wait a round, and a person still gets one', async () => {
    const { e, clock } = await start();
    const id = e.sim.controls.pastDue();
    // A tiny budget (5 a minute): spare work needs a full bucket and leaves 3 calls for people.
    const tiny: BillingPort = new BudgetedBilling(e.billing, e.stores.budget(5), clock, { perMinute: 5, maxWaitMs: 0 });
    const m = new PaymentMonitor(
      {
        billing: tiny,
        kv: e.stores.kv,
        leases: e.stores.leases,
        messengers: new Map([['slack', e.messenger]]),
        clock,
        logger: capturingLogger(),
        ownerId: 'proc-a',
      },
      { channel, intervalMs: INTERVAL },
    );
    expect(await m.checkOnce()).toMatchObject({ checked: 1, posted: 1 });
    // At once again: no spare token, so the subscription waits; nothing was sent for it.
    expect(await m.checkOnce()).toMatchObject({ checked: 0, skipped: 1 });
    expect(statusCalls(e, id)).toBe(1);
    // A person's call on the same budget is not starved by the checks.
    await expect(tiny.fixSubscriptionPayment(id, 'person-fix')).resolves.toMatchObject({ status: 'active' });
    // Once those calls left the window (62 s) and the bucket is full, the round checks again.
    await clock.advance(2 * 60_000);
    expect(await m.checkOnce()).toMatchObject({ checked: 1, closed: 1 });
  });
});
