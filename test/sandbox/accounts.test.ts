/**
 * Many accounts in one simulator, as workspaces mode uses them: each `sandbox-<name>` token is an
 * account of its own (wallet, sessions, coupons, replays, rate limit), opened on first use, while
 * `sandbox-token` stays the original account. Nothing of one account is found through another.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim, submitCheckoutForm } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const ACME = 'sandbox-acme';
const GLOBEX = 'sandbox-globex';

const balanceOf = async (token: string) =>
  (await h.call('GET', '/wallet/balance', undefined, { token })).body.data.balance as number;

async function fundLink(token: string, amount: number, key?: string) {
  const res = await h.call(
    'POST',
    '/billing/payment-link',
    { purpose: 'fund', amount },
    { token, ...(key ? { key } : {}) },
  );
  expect(res.status).toBe(200);
  return res.body.data as { session_id: string; payment_url: string };
}

describe('one account per sandbox-<name> token', () => {
  it('two accounts keep separate balances, sessions, coupons and replays; the original keeps its own', async () => {
    h = await startSim();
    // A new account starts from the seed data, like the original did.
    expect(await balanceOf(ACME)).toBe(42.5);
    expect(await balanceOf(GLOBEX)).toBe(42.5);

    const acmeLink = await fundLink(ACME, 25, 'same-key');
    const globexLink = await fundLink(GLOBEX, 40, 'same-key');
    // The same Idempotency-Key in another account is another call, not a replay of acme's.
    expect(globexLink.session_id).not.toBe(acmeLink.session_id);

    await submitCheckoutForm(acmeLink.payment_url, 'pay');
    const confirmed = await h.call(
      'POST',
      '/wallet/confirm-checkout',
      { session_id: acmeLink.session_id },
      { token: ACME },
    );
    expect(confirmed.status).toBe(200);
    expect(await balanceOf(ACME)).toBe(67.5);
    expect(await balanceOf(GLOBEX)).toBe(42.5);
    expect(await balanceOf('sandbox-token')).toBe(42.5);

    expect((await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token: ACME })).status).toBe(
      200,
    );
    const globexCoupon = await h.call(
      'POST',
      '/wallet/coupons/redeem',
      { coupon_code: 'WELCOME10' },
      { token: GLOBEX },
    );
    expect(globexCoupon.status).toBe(200);
    expect(globexCoupon.body.data.balance).toBe(52.5);

    expect(h.sim.state.sessions('acme').map((s) => s.id)).toEqual([acmeLink.session_id]);
    expect(h.sim.state.sessions('globex').map((s) => s.id)).toEqual([globexLink.session_id]);
    expect(h.sim.state.sessions()).toEqual([]);
    expect(h.sim.state.balance('acme')).toBe(77.5);
    expect(h.sim.state.sessionAccount(globexLink.session_id)).toBe('globex');
    expect(h.sim.state.accounts()).toEqual([
      { name: 'token', original: true, balance: 42.5, openSessions: 0 },
      { name: 'acme', original: false, balance: 77.5, openSessions: 0 },
      { name: 'globex', original: false, balance: 52.5, openSessions: 1 },
    ]);
    const acmeCredit = confirmed.body.data.transaction_id as string;
    const ledger = async (token: string) =>
      (await h.call('GET', '/wallet/transactions?limit=100', undefined, { token })).body.data.items.map(
        (t: { transaction_id: string }) => t.transaction_id,
      );
    expect(await ledger(ACME)).toContain(acmeCredit);
    expect(await ledger(GLOBEX)).not.toContain(acmeCredit);
    expect(h.sim.state.calls().filter((c) => c.account === 'globex')).toHaveLength(5);
  });

  it("another account's session, payment or subscription is not found, exactly as one that never existed", async () => {
    h = await startSim();
    const acmeLink = await fundLink(ACME, 25);
    h.sim.controls.markPaid(acmeLink.session_id);

    const crossed = await h.call(
      'POST',
      '/wallet/confirm-checkout',
      { session_id: acmeLink.session_id },
      { token: GLOBEX },
    );
    expect(crossed.status).toBe(404);
    expect(crossed.body.error).toEqual({
      code: 'not_found',
      message: `session ${acmeLink.session_id} not found`,
      details: { session: acmeLink.session_id },
    });
    const never = await h.call('POST', '/wallet/confirm-checkout', { session_id: 'cs_test_never' }, { token: GLOBEX });
    expect(never.body.error).toEqual({
      code: 'not_found',
      message: 'session cs_test_never not found',
      details: { session: 'cs_test_never' },
    });
    const asOriginal = await h.call('POST', '/wallet/confirm-checkout', { session_id: acmeLink.session_id });
    expect(asOriginal.status).toBe(404);
    expect(h.sim.state.creditsFor(acmeLink.session_id)).toBe(0);
    expect(h.sim.state.balance('globex')).toBe(42.5);

    // The payment behind acme's paid session, and a subscription acme makes.
    const paymentId = (
      await h.call('POST', '/wallet/confirm-checkout', { session_id: acmeLink.session_id }, { token: ACME })
    ).body.data.transaction_id as string;
    expect((await h.call('GET', `/payments/${paymentId}/status`, undefined, { token: ACME })).status).toBe(200);
    expect((await h.call('GET', `/payments/${paymentId}/status`, undefined, { token: GLOBEX })).status).toBe(404);
    const sub = await h.call(
      'POST',
      '/subscriptions',
      { plan_id: 3, payment_method_id: 'pm_1SeedVisa4242' },
      { token: ACME },
    );
    const subId = sub.body.data.subscription.id as number;
    expect((await h.call('POST', `/subscriptions/${subId}/pause`, undefined, { token: GLOBEX })).status).toBe(404);
    expect((await h.call('GET', `/subscriptions/${subId}/status`, undefined, { token: ACME })).body.data.status).toBe(
      'active',
    );
  });

  it("one account exhausting its rate limit does not limit another's", async () => {
    h = await startSim({ clock: new ManualClock(), billingPerMin: 3 });
    const link = (token: string) => h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10 }, { token });
    for (let i = 0; i < 3; i++) expect((await link(ACME)).status).toBe(200);
    const limited = await link(ACME);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();

    const other = await link(GLOBEX);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('2');
    expect((await link('sandbox-token')).status).toBe(200);
  });

  it('tokens that name no account are 401, like any unknown token', async () => {
    h = await startSim();
    for (const token of [
      'not-a-token',
      'sandbox-',
      'sandbox-a_b',
      `sandbox-${'x'.repeat(41)}`,
      'Sandbox-acme',
      'mlab_123',
    ]) {
      const res = await h.call('GET', '/wallet/balance', undefined, { token });
      expect(res.status, token).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect(h.sim.state.accounts().map((a) => a.name)).toEqual(['token']);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: `sandbox-${'x'.repeat(40)}` })).status).toBe(
      200,
    );
  });

  it("a new account's rotated token is refused afterwards: the name does not open a second account", async () => {
    h = await startSim();
    await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token: ACME });
    const refreshed = await h.call('POST', '/auth/refresh', {}, { token: ACME });
    const next = refreshed.body.data.access_token as string;
    expect(await balanceOf(next)).toBe(52.5);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: ACME })).status).toBe(401);
    expect(h.sim.state.accounts().map((a) => a.name)).toEqual(['token', 'acme']);
  });

  it("an account's hosted invoices are its own, under /accounts/<name>", async () => {
    h = await startSim();
    const pdf = await h.call('GET', '/billing/invoices/in_1SeedInvoice0001/pdf', undefined, { token: ACME });
    expect(pdf.body.data.receipt_url).toBe(`${h.url}/accounts/acme/invoices/in_1SeedInvoice0001`);
    const page = await fetch(pdf.body.data.receipt_url);
    expect(page.status).toBe(200);
    expect((await fetch(pdf.body.data.pdf_url)).headers.get('content-type')).toBe('application/pdf');
    expect((await fetch(`${h.url}/accounts/nobody/invoices/in_1SeedInvoice0001`)).status).toBe(404);
    const original = await h.call('GET', '/billing/invoices/in_1SeedInvoice0001/pdf');
    expect(original.body.data.receipt_url).toBe(`${h.url}/invoices/in_1SeedInvoice0001`);
  });

  it('controls name accounts: setBalance opens one before its token is used; markPaid finds any session', async () => {
    h = await startSim();
    h.sim.controls.setBalance(3, 'initech');
    expect(await balanceOf('sandbox-initech')).toBe(3);
    const link = await fundLink('sandbox-initech', 10);
    h.sim.controls.markPaid(link.session_id);
    expect(h.sim.state.session(link.session_id)?.paymentStatus).toBe('paid');
    expect(h.sim.state.balance('never-used')).toBe(0);
    h.sim.controls.reset();
    expect(h.sim.state.accounts().map((a) => a.name)).toEqual(['token']);
    expect(h.sim.state.session(link.session_id)).toBeUndefined();
  });

  it("faults aimed at one account hit only its calls; global faults hit everyone's", async () => {
    h = await startSim();
    const acme = h.sim.controls.account('acme');
    acme.failNext(2, 503);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: GLOBEX })).status).toBe(200);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: ACME })).status).toBe(503);
    expect((await h.call('GET', '/wallet/balance')).status).toBe(200);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: ACME })).status).toBe(503);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: ACME })).status).toBe(200);

    acme.rateLimitStorm(60_000);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: ACME })).status).toBe(429);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: GLOBEX })).status).toBe(200);
    acme.reset();
    expect((await h.call('GET', '/wallet/balance', undefined, { token: ACME })).status).toBe(200);

    h.sim.controls.failNext(1, 500);
    expect((await h.call('GET', '/wallet/balance', undefined, { token: GLOBEX })).status).toBe(500);
    acme.setBalance(5);
    expect(await balanceOf(ACME)).toBe(5);
  });

  it("accounts: 'single' opens no account: controls for another name throw", async () => {
    h = await startSim({ accounts: 'single' });
    expect(() => h.sim.controls.account('acme')).toThrow(/no sandbox account acme/);
    expect(() => h.sim.controls.setBalance(1, 'acme')).toThrow(/no sandbox account acme/);
    expect(h.sim.controls.account('token').name).toBe('token');
  });
});
