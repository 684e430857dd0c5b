import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 10, 29, 12));
  h = await startSim({ clock });
});
afterEach(async () => {
  await h.close();
});

describe('billing', () => {
  it('overview: balance, cards, subscription, invoices, auto-funding off', async () => {
    const res = await h.call('GET', '/billing/overview');
    expect(res.body).toMatchObject({ error: null, meta: { request_id: expect.stringMatching(/^req_/) } });
    expect(res.body.data).toMatchObject({
      wallet_balance: 42.5,
      currency: 'USD',
      invoice_count: 3,
      auto_funding: { enabled: false, auto_charge_amount: null, charge_threshold: null },
    });
    expect(res.body.data.payment_methods).toHaveLength(2);
    expect(res.body.data.subscriptions).toEqual([
      expect.objectContaining({ plan_id: 2, plan_name: 'Standard', feature: 'normal', status: 'active' }),
    ]);
  });

  it('stripe-config and setup-intent', async () => {
    expect((await h.call('GET', '/billing/stripe-config')).body.data.publishable_key).toMatch(/^pk_test_/);
    const si = await h.call('POST', '/billing/setup-intent');
    expect(si.body.data).toMatchObject({
      status: 'requires_payment_method',
      setup_intent_id: expect.stringMatching(/^seti_/),
    });
    expect(si.body.data.client_secret).toMatch(new RegExp(`^${si.body.data.setup_intent_id}_secret_`));
  });

  it('payment-link validates amount and plan', async () => {
    const cases: Array<[unknown, string]> = [
      [{ purpose: 'fund', amount: 9.99 }, 'amount'],
      [{ purpose: 'fund', amount: 10.001 }, 'amount'],
      [{ purpose: 'fund', amount: 10000.01 }, 'amount'],
      [{ purpose: 'fund' }, 'amount'],
      [{ purpose: 'subscribe' }, 'plan_id'],
      [{ purpose: 'gift', amount: 10 }, 'purpose'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('POST', '/billing/payment-link', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation_error');
      expect(Object.keys(res.body.error.details)).toEqual([field]);
    }
    expect((await h.call('POST', '/billing/payment-link', { purpose: 'subscribe', plan_id: 99 })).status).toBe(404);
    expect((await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount: 10000 })).status).toBe(200);
    expect(h.sim.state.sessions()).toHaveLength(1);
  });

  it('payment methods: list, add, make default, delete, unknown 404', async () => {
    const added = await h.call('POST', '/billing/payment-methods', { payment_method_id: 'pm_new123' });
    expect(added.body.data).toMatchObject({ id: 'pm_new123', is_default: true });
    let list = (await h.call('GET', '/billing/payment-methods')).body.data;
    expect(list.filter((p: { is_default: boolean }) => p.is_default).map((p: { id: string }) => p.id)).toEqual([
      'pm_new123',
    ]);
    const def = await h.call('PUT', '/billing/payment-methods/pm_1SeedMc4444/default');
    expect(def.body.data).toMatchObject({ id: 'pm_1SeedMc4444', is_default: true });
    expect((await h.call('DELETE', '/billing/payment-methods/pm_new123')).body.data).toEqual({
      deleted: true,
      id: 'pm_new123',
    });
    list = (await h.call('GET', '/billing/payment-methods')).body.data;
    expect(list.map((p: { id: string }) => p.id)).toEqual(['pm_1SeedVisa4242', 'pm_1SeedMc4444']);
    expect((await h.call('DELETE', '/billing/payment-methods/pm_nope')).status).toBe(404);
  });

  it('billing info: read, update nested or flat address fields', async () => {
    expect((await h.call('GET', '/billing/info')).body.data).toMatchObject({
      name: 'Sandbox Team',
      address: { country: 'US' },
    });
    const put = await h.call('PUT', '/billing/info', {
      name: 'Acme',
      tax_id: 'DE123',
      address_city: 'Berlin',
      address: { country: 'DE' },
    });
    expect(put.body.data).toMatchObject({
      name: 'Acme',
      tax_id: 'DE123',
      address: { city: 'Berlin', country: 'DE', line1: '1 Test Street' },
    });
    expect((await h.call('GET', '/billing/info')).body.data.name).toBe('Acme');
  });

  it('invoices: list newest first, detail with lines, pdf url, unknown 404', async () => {
    const list = await h.call('GET', '/billing/invoices');
    expect(list.body.data.count).toBe(3);
    expect(list.body.data.items.map((i: { status: string }) => i.status)).toEqual(['open', 'paid', 'paid']);
    const detail = await h.call('GET', '/billing/invoices/in_1SeedInvoice0002');
    expect(detail.body.data).toMatchObject({ number: 'MLAB-0002', amount: 59, currency: 'usd' });
    expect(detail.body.data.lines).toHaveLength(2);
    const pdf = await h.call('GET', '/billing/invoices/in_1SeedInvoice0002/pdf');
    expect(pdf.body.data).toMatchObject({
      invoice_id: 'in_1SeedInvoice0002',
      pdf_url: `${h.url}/invoices/in_1SeedInvoice0002.pdf`,
    });
    expect((await h.call('GET', '/billing/invoices/in_nope')).body.error.code).toBe('not_found');
  });
});

describe('wallet', () => {
  it('transactions: newest first, filter, paging, wallet totals, bad limit 422', async () => {
    const all = await h.call('GET', '/wallet/transactions');
    expect(all.body.data).toMatchObject({
      count: 6,
      total: 6,
      wallet: { balance: 42.5, currency: 'USD', total_credited: 90, amount_used: 47.5 },
    });
    const dates = all.body.data.items.map((t: { created_at: string }) => t.created_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    const debits = await h.call('GET', '/wallet/transactions?type=debit&limit=2&offset=1');
    expect(debits.body.data).toMatchObject({ count: 2, total: 3 });
    expect(debits.body.data.items.every((t: { type: string }) => t.type === 'debit')).toBe(true);
    for (const q of ['limit=0', 'limit=201', 'limit=x', 'type=refund']) {
      expect((await h.call('GET', `/wallet/transactions?${q}`)).status, q).toBe(422);
    }
  });

  it('fund with a card credits at once; without one opens a checkout session', async () => {
    const withCard = await h.call('POST', '/wallet/fund', { amount: 15, payment_method_id: 'pm_1SeedVisa4242' });
    expect(withCard.body.data).toMatchObject({ balance: 57.5, amount: 15, status: 'succeeded' });
    const status = await h.call('GET', `/payments/${withCard.body.data.payment_intent_id}/status`);
    expect(status.body.data).toMatchObject({ status: 'succeeded', amount: 15, currency: 'usd' });
    expect((await h.call('GET', '/payments/pi_unknown/status')).status).toBe(404);

    const viaCheckout = await h.call('POST', '/wallet/fund', { amount: 12 });
    expect(viaCheckout.body.data).toMatchObject({
      checkout_url: expect.stringContaining('/checkout/cs_test_'),
      session_id: expect.stringMatching(/^cs_test_/),
      expires_at: '2026-11-30T12:00:00.000Z',
    });
    expect(h.sim.state.balance()).toBe(57.5);
    expect((await h.call('POST', '/wallet/fund', { amount: 15, payment_method_id: 'pm_nope' })).status).toBe(404);
  });

  it('auto-funding on and off, with minimums', async () => {
    const on = await h.call('PUT', '/wallet/auto-funding', { auto_charge_amount: 25, charge_threshold: 5 });
    expect(on.body.data).toMatchObject({ enabled: true, auto_charge_amount: 25, charge_threshold: 5 });
    expect((await h.call('GET', '/billing/overview')).body.data.auto_funding).toEqual({
      enabled: true,
      auto_charge_amount: 25,
      charge_threshold: 5,
    });
    expect((await h.call('PUT', '/wallet/auto-funding', { auto_charge_amount: 4, charge_threshold: 5 })).status).toBe(
      422,
    );
    expect((await h.call('PUT', '/wallet/auto-funding', { auto_charge_amount: 5, charge_threshold: 0.5 })).status).toBe(
      422,
    );
    const off = await h.call('DELETE', '/wallet/auto-funding');
    expect(off.body.data).toMatchObject({ enabled: false, auto_charge_amount: null, charge_threshold: null });
  });

  it('withdraw debits the wallet; more than the balance is 422 insufficient_balance', async () => {
    const res = await h.call('POST', '/wallet/withdraw', { amount: 2.5 });
    expect(res.body.data).toEqual({ balance: 40, amount: 2.5, status: 'succeeded' });
    const tooMuch = await h.call('POST', '/wallet/withdraw', { amount: 40.01 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('insufficient_balance');
  });

  it('coupons: valid, bonus, expired, used, unknown; redeem credits once', async () => {
    const welcome = await h.call('GET', '/wallet/coupons/validate?coupon_code=welcome10');
    expect(welcome.body.data).toMatchObject({
      valid: true,
      coupon_code: 'WELCOME10',
      type: 'credit',
      amount: 10,
      bonus_percent: null,
    });
    const bonus = await h.call('POST', '/wallet/coupons/validate', { coupon_code: 'BONUS20', purchase_amount: 50 });
    expect(bonus.body.data).toMatchObject({ type: 'bonus', bonus_percent: 20, amount: 10 });
    for (const [code, error] of [
      ['EXPIRED5', 'coupon_expired'],
      ['USED15', 'coupon_used'],
      ['NOPE', 'coupon_invalid'],
    ]) {
      const res = await h.call('GET', `/wallet/coupons/validate?coupon_code=${code}`);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe(error);
    }

    const redeemed = await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' });
    expect(redeemed.body.data).toMatchObject({ coupon_code: 'WELCOME10', credited_amount: 10, balance: 52.5 });
    expect((await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' })).body.error.code).toBe(
      'coupon_used',
    );

    expect((await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'BONUS20' })).status).toBe(422);
    const withBonus = await h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'BONUS20', purchase_amount: 50 });
    expect(withBonus.body.data).toMatchObject({ credited_amount: 60, balance: 112.5 });
    expect(h.sim.state.balance()).toBe(112.5);
  });
});

describe('subscriptions', () => {
  it('plans: about 8 across categories and periods, with features and pay-as-you-go', async () => {
    const res = await h.call('GET', '/subscriptions/plans');
    const plans = res.body.data.subscription_plans as Array<{
      category: string;
      period: string;
      features: string[];
      name: string;
      price: number;
    }>;
    expect(res.body.data.count).toBe(plans.length);
    expect(new Set(plans.map((p) => p.category))).toEqual(new Set(['normal', 'imagen', 'enterprise', 'addon']));
    expect(new Set(plans.map((p) => p.period))).toEqual(new Set(['monthly', 'yearly']));
    expect(plans.every((p) => p.features.length > 0)).toBe(true);
    expect(plans.find((p) => p.name === 'Premium')?.price).toBe(99);
    expect(res.body.data.pay_as_you_go).toMatchObject({ available: true, minimum_topup_usd: 10, currency: 'USD' });
  });

  it('lifecycle: pause, resume, change plan, reset cycle, status, bad transitions', async () => {
    const paused = await h.call('POST', '/subscriptions/501/pause');
    expect(paused.body.data).toMatchObject({
      id: 501,
      status: 'paused',
      stripe_subscription_id: expect.stringMatching(/^sub_/),
    });
    expect((await h.call('POST', '/subscriptions/501/fix-payment')).status).toBe(422);
    expect((await h.call('POST', '/subscriptions/501/resume')).body.data.status).toBe('active');
    const changed = await h.call('PUT', '/subscriptions/501', { new_plan_id: 3 });
    expect(changed.body.data).toMatchObject({ plan_id: 3, plan_name: 'Premium' });
    await clock.advance(86_400_000);
    const reset = await h.call('POST', '/subscriptions/501/reset-cycle');
    expect(reset.body.data.current_period_start).toBe('2026-11-30T12:00:00.000Z');
    const status = await h.call('GET', '/subscriptions/501/status');
    expect(status.body.data).toMatchObject({ id: 501, plan_id: 3, status: 'active' });
    expect((await h.call('POST', '/subscriptions/999/pause')).status).toBe(404);
    expect((await h.call('PUT', '/subscriptions/501', { new_plan_id: 999 })).status).toBe(404);
  });

  it('create with a card is active at once; without one opens a subscribe checkout', async () => {
    const withCard = await h.call('POST', '/subscriptions', { plan_id: 8, payment_method_id: 'pm_1SeedVisa4242' });
    expect(withCard.body.data).toMatchObject({
      message: 'Subscription created.',
      subscription: { plan_id: 8, feature: 'addon', status: 'active' },
      status: 'active',
    });
    expect((await h.call('GET', '/subscriptions')).body.data).toHaveLength(2);
    const checkout = await h.call('POST', '/subscriptions', { plan_id: 7 });
    expect(checkout.body.data.session_id).toMatch(/^cs_test_/);
    expect(h.sim.state.session(checkout.body.data.session_id)).toMatchObject({
      purpose: 'subscribe',
      planId: 7,
      amount: 249,
    });
  });

  it('charge-amount charges within 5..10000', async () => {
    const res = await h.call('POST', '/subscriptions/charge-amount', { amount: 5 });
    expect(res.body.data).toMatchObject({
      amount: 5,
      status: 'succeeded',
      payment_intent_id: expect.stringMatching(/^pi_/),
    });
    expect((await h.call('POST', '/subscriptions/charge-amount', { amount: 4.99 })).status).toBe(422);
  });
});

describe('routing and bodies', () => {
  it('unknown endpoint 404 and broken JSON 422, both in the envelope', async () => {
    expect((await h.call('GET', '/nope')).body.error.code).toBe('not_found');
    const res = await fetch(`${h.apiUrl}/wallet/fund`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
      body: '{"amount": ',
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_error');
  });
});
