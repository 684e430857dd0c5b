/** Every endpoint, typed, against the real simulator: a success path and an error path each. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelsLabClient } from '../../src/billing/index.ts';
import { BillingHttpError } from '../../src/core/shared/errors.ts';
import { createSimulator, DEMO_USER, type Simulator } from '../../src/sandbox/index.ts';

let sim: Simulator;
let apiUrl: string;
let client: ModelsLabClient;

beforeAll(async () => {
  sim = createSimulator({ billingPerMin: 10_000, generalPerMin: 10_000 });
  ({ apiUrl } = await sim.start(0));
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.controls.reset();
  client = new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', retry: { limit: 2, baseDelayMs: 1 } });
});

async function httpError(p: Promise<unknown>): Promise<BillingHttpError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BillingHttpError);
  return e as BillingHttpError;
}

describe('auth', () => {
  it('logs in without a token, refreshes, and the old token stops working', async () => {
    const anon = new ModelsLabClient({ baseUrl: apiUrl, token: 'none' });
    const login = await anon.auth.login({ email: DEMO_USER.email, password: DEMO_USER.password });
    expect(login).toMatchObject({ token_type: 'Bearer', user: { id: DEMO_USER.id } });
    anon.setToken(login.access_token);
    await expect(anon.wallet.balance()).resolves.toMatchObject({ currency: 'USD' });

    const refreshed = await anon.auth.refresh({ token_expiry: '1_week' });
    expect(refreshed.access_token).not.toBe(login.access_token);
    expect((await httpError(anon.wallet.balance())).status).toBe(401);
    anon.setToken(refreshed.access_token);
    await expect(anon.wallet.balance()).resolves.toMatchObject({ currency: 'USD' });
  });

  it('refuses a wrong password with 401 unauthenticated', async () => {
    const e = await httpError(client.auth.login({ email: DEMO_USER.email, password: 'nope' }));
    expect(e).toMatchObject({ status: 401, apiCode: 'unauthenticated' });
  });

  it('answers 401 to an unknown token', async () => {
    const stranger = new ModelsLabClient({ baseUrl: apiUrl, token: 'who-am-i' });
    expect(await httpError(stranger.billing.overview())).toMatchObject({ status: 401, apiCode: 'unauthenticated' });
  });
});

describe('/billing', () => {
  it('overview reads balance, cards, subscriptions and auto-funding', async () => {
    const o = await client.billing.overview();
    expect(o.wallet_balance).toBe(42.5);
    expect(o.payment_methods?.map((p) => p.id)).toEqual(['pm_1SeedVisa4242', 'pm_1SeedMc4444']);
    expect(o.auto_funding).toMatchObject({ enabled: false, auto_charge_amount: null });
    expect(o.invoice_count).toBe(3);
  });

  it('stripe-config and setup-intent', async () => {
    expect((await client.billing.stripeConfig()).publishable_key).toMatch(/^pk_test_/);
    const si = await client.billing.createSetupIntent({ idempotencyKey: 'si-1' });
    expect(si.setup_intent_id).toMatch(/^seti_/);
    expect(si.client_secret).toContain('_secret_');
  });

  it('payment-link for fund and subscribe; the API refuses an unknown plan', async () => {
    const fund = await client.billing.createPaymentLink({ purpose: 'fund', amount: 25.5 }, { idempotencyKey: 'pl-1' });
    expect(fund).toMatchObject({ purpose: 'fund', amount: 25.5 });
    expect(fund.session_id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(fund.payment_url).toBe(`${apiUrl.replace('/api/agents/v1', '')}/checkout/${fund.session_id}`);
    const sub = await client.billing.createPaymentLink({ purpose: 'subscribe', plan_id: 3 });
    expect(sub).toMatchObject({ purpose: 'subscribe', plan_id: 3, amount: 99 });
    expect(await httpError(client.billing.createPaymentLink({ purpose: 'subscribe', plan_id: 999 }))).toMatchObject({
      status: 404,
      apiCode: 'not_found',
    });
  });

  it('payment methods: list, add, make default, delete; unknown id is 404', async () => {
    expect((await client.billing.listPaymentMethods()).find((p) => p.is_default)?.id).toBe('pm_1SeedVisa4242');
    const added = await client.billing.addPaymentMethod({ payment_method_id: 'pm_card_amex', make_default: false });
    expect(added.id).toBeTruthy();
    const def = await client.billing.setDefaultPaymentMethod('pm_1SeedMc4444', { idempotencyKey: 'pmd-1' });
    expect(def).toMatchObject({ id: 'pm_1SeedMc4444', is_default: true });
    expect(await client.billing.deletePaymentMethod('pm_1SeedVisa4242')).toMatchObject({ deleted: true });
    expect((await client.billing.listPaymentMethods()).map((p) => p.id)).not.toContain('pm_1SeedVisa4242');
    expect((await httpError(client.billing.deletePaymentMethod('pm_nope'))).status).toBe(404);
    expect((await httpError(client.billing.setDefaultPaymentMethod('pm_nope'))).status).toBe(404);
  });

  it('billing info: read and update', async () => {
    expect((await client.billing.getInfo()).address?.city).toBe('San Francisco');
    const updated = await client.billing.updateInfo({ name: 'Eval Team', address: { city: 'Berlin', country: 'DE' } });
    expect(updated).toMatchObject({ name: 'Eval Team', address: { city: 'Berlin', country: 'DE' } });
    expect((await client.billing.getInfo()).name).toBe('Eval Team');
  });

  it('invoices: list, detail, pdf; unknown invoice is 404', async () => {
    const list = await client.billing.listInvoices();
    expect(list.count).toBe(3);
    expect(list.items.map((i) => i.number).sort()).toEqual(['MLAB-0001', 'MLAB-0002', 'MLAB-0003']);
    const detail = await client.billing.getInvoice('in_1SeedInvoice0002');
    expect(detail.amount).toBe(59);
    expect(detail.lines.map((l) => l.amount)).toEqual([49, 10]);
    const pdf = await client.billing.getInvoicePdf('in_1SeedInvoice0002');
    expect(pdf.pdf_url).toMatch(/^https?:\/\//);
    expect((await httpError(client.billing.getInvoice('in_nope'))).status).toBe(404);
    expect((await httpError(client.billing.getInvoicePdf('in_nope'))).status).toBe(404);
  });
});

describe('/wallet and /payments', () => {
  it('balance and transactions with type, limit and offset', async () => {
    expect(await client.wallet.balance()).toMatchObject({ balance: 42.5, currency: 'USD' });
    const all = await client.wallet.transactions();
    expect(all.total).toBe(6);
    const credits = await client.wallet.transactions({ type: 'credit', limit: 2, offset: 1 });
    expect(credits).toMatchObject({ count: 2, total: 3 });
    expect(credits.items.every((t) => t.type === 'credit')).toBe(true);
    expect(credits.wallet).toMatchObject({ balance: 42.5, total_credited: 90, amount_used: 47.5 });
  });

  it('fund: with a card it charges now; without, it opens a checkout session', async () => {
    const charged = await client.wallet.fund(
      { amount: 20, payment_method_id: 'pm_1SeedVisa4242' },
      { idempotencyKey: 'f1' },
    );
    expect(charged).toMatchObject({ kind: 'charged', balance: 62.5, amount: 20, status: 'succeeded' });
    if (charged.kind !== 'charged') throw new Error('unreachable');
    const checkout = await client.wallet.fund({ amount: 30 });
    expect(checkout.kind).toBe('checkout');
    expect((await httpError(client.wallet.fund({ amount: 20, payment_method_id: 'pm_nope' }))).status).toBe(404);

    // GET /payments/{id}/status for the charge just made.
    const pi = charged.payment_intent_id ?? '';
    expect(await client.payments.status(pi)).toMatchObject({ status: 'succeeded', amount: 20, currency: 'usd' });
    expect((await httpError(client.payments.status('pi_nope'))).status).toBe(404);
  });

  it('confirm-checkout of an unpaid session is 409 checkout_not_completed', async () => {
    const link = await client.billing.createPaymentLink({ purpose: 'fund', amount: 10 });
    const e = await httpError(client.wallet.confirmCheckout(link.session_id));
    expect(e).toMatchObject({ status: 409, apiCode: 'checkout_not_completed', details: { session_status: 'open' } });
    expect(sim.state.balance()).toBe(42.5);
  });

  it('auto-funding: set, seen in the overview, disabled', async () => {
    const on = await client.wallet.setAutoFunding(
      { auto_charge_amount: 25, charge_threshold: 5 },
      { idempotencyKey: 'af' },
    );
    expect(on).toMatchObject({ enabled: true, auto_charge_amount: 25, charge_threshold: 5 });
    expect((await client.billing.overview()).auto_funding).toMatchObject({ enabled: true, auto_charge_amount: 25 });
    const off = await client.wallet.disableAutoFunding({ idempotencyKey: 'af-off' });
    expect(off).toMatchObject({ enabled: false, auto_charge_amount: null });
  });

  it('withdraw: debits; more than the balance is 422 insufficient_balance', async () => {
    expect(await client.wallet.withdraw({ amount: 2.5 })).toMatchObject({ balance: 40, amount: 2.5 });
    expect(await httpError(client.wallet.withdraw({ amount: 500 }))).toMatchObject({
      status: 422,
      apiCode: 'insufficient_balance',
    });
  });

  it('coupons: validate and redeem; invalid, expired and used codes are 422 with their code', async () => {
    expect(await client.wallet.validateCoupon({ coupon_code: 'WELCOME10' })).toMatchObject({
      valid: true,
      type: 'credit',
      amount: 10,
    });
    expect(await client.wallet.validateCoupon({ coupon_code: 'BONUS20', purchase_amount: 50 })).toMatchObject({
      type: 'bonus',
      bonus_percent: 20,
      amount: 10,
    });
    for (const [code, apiCode] of [
      ['NOPE', 'coupon_invalid'],
      ['EXPIRED5', 'coupon_expired'],
      ['USED15', 'coupon_used'],
    ] as const) {
      expect(await httpError(client.wallet.validateCoupon({ coupon_code: code }))).toMatchObject({
        status: 422,
        apiCode,
      });
    }
    const redeemed = await client.wallet.redeemCoupon({ coupon_code: 'WELCOME10' }, { idempotencyKey: 'c1' });
    expect(redeemed).toMatchObject({ credited_amount: 10, balance: 52.5 });
    expect((await httpError(client.wallet.redeemCoupon({ coupon_code: 'WELCOME10' }))).apiCode).toBe('coupon_used');
  });
});

describe('/subscriptions', () => {
  it('plans and the subscription list', async () => {
    const plans = await client.subscriptions.plans();
    expect(plans.count).toBe(8);
    expect(plans.subscription_plans[0]).toMatchObject({ id: 1, name: 'Basic', price: 29, period: 'monthly' });
    expect(plans.pay_as_you_go?.minimum_topup_usd).toBe(10);
    const subs = await client.subscriptions.list();
    expect(subs).toEqual([expect.objectContaining({ id: 501, plan_id: 2, status: 'active' })]);
  });

  it('create with a card, or a checkout session without one; unknown plan is 404', async () => {
    const created = await client.subscriptions.create(
      { plan_id: 8, payment_method_id: 'pm_1SeedVisa4242' },
      { idempotencyKey: 's1' },
    );
    expect(created).toMatchObject({ kind: 'created', subscription: { plan_id: 8 } });
    expect((await client.subscriptions.create({ plan_id: 5 })).kind).toBe('checkout');
    expect((await httpError(client.subscriptions.create({ plan_id: 999 }))).status).toBe(404);
  });

  it('status, change plan, pause, resume, reset-cycle, fix-payment; illegal steps are 422', async () => {
    expect(await client.subscriptions.status(501)).toMatchObject({ id: 501, plan_id: 2, status: 'active' });
    expect(await client.subscriptions.changePlan(501, 3, { idempotencyKey: 'cp' })).toMatchObject({ plan_id: 3 });
    expect((await client.subscriptions.pause(501)).status).toBe('paused');
    // fix-payment only applies to past_due subscriptions.
    expect(await httpError(client.subscriptions.fixPayment(501))).toMatchObject({
      status: 422,
      apiCode: 'validation_error',
    });
    expect((await client.subscriptions.resume(501)).status).toBe('active');
    expect((await client.subscriptions.fixPayment(501)).status).toBe('active');
    const before = await client.subscriptions.status(501);
    const reset = await client.subscriptions.resetCycle(501);
    expect(reset.current_period_end).not.toBe(before.current_period_end);
    expect((await httpError(client.subscriptions.status(999))).status).toBe(404);
    expect((await httpError(client.subscriptions.pause(999))).status).toBe(404);
  });

  it('charge-amount charges the card', async () => {
    expect(await client.subscriptions.chargeAmount({ amount: 15 }, { idempotencyKey: 'ch' })).toMatchObject({
      amount: 15,
      status: 'succeeded',
    });
  });

  it('subscription confirm-checkout of an unknown session is 404', async () => {
    expect((await httpError(client.subscriptions.confirmCheckout('cs_test_unknown'))).status).toBe(404);
  });
});
