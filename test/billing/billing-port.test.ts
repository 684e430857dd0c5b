/** ModelsLabBilling: cents at the port, confirm-checkout answers as ConfirmOutcome values. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import {
  BillingHttpError,
  BillingInvalidInputError,
  BillingRateLimitedError,
  BillingSchemaError,
  BillingUnavailableError,
} from '../../src/core/shared/errors.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { apiError, envelope, type ScriptedServer, startScriptedServer } from './scripted-server.ts';

let sim: Simulator;
let billing: BillingPort;

beforeAll(async () => {
  sim = createSimulator({ billingPerMin: 10_000, generalPerMin: 10_000 });
  const { apiUrl } = await sim.start(0);
  billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', retry: { limit: 1, baseDelayMs: 1 } }),
  );
});
afterAll(() => sim.stop());
beforeEach(() => sim.controls.reset());

describe('confirmCheckout outcomes against the simulator', () => {
  it('open session → pending with the API code as reason', async () => {
    const link = await billing.createPaymentLink({ purpose: 'fund', amountCents: 1_000 }, 'o-1');
    expect(await billing.confirmCheckout('fund', link.sessionId, 'k')).toEqual({
      status: 'pending',
      reason: 'checkout_not_completed',
    });
  });

  it('expired session → expired', async () => {
    const link = await billing.createPaymentLink({ purpose: 'subscribe', planId: 1 }, 'e-1');
    sim.controls.expire(link.sessionId);
    expect(await billing.confirmCheckout('subscribe', link.sessionId, 'k')).toEqual({ status: 'expired' });
  });

  it('unknown session → not_found', async () => {
    expect(await billing.confirmCheckout('fund', 'cs_test_doesnotexist', 'k')).toEqual({ status: 'not_found' });
  });

  it('a session confirmed at the other purpose → rejected wrong_purpose, nothing credited', async () => {
    const link = await billing.createPaymentLink({ purpose: 'fund', amountCents: 1_000 }, 'w-1');
    sim.controls.markPaid(link.sessionId);
    expect(await billing.confirmCheckout('subscribe', link.sessionId, 'k')).toEqual({
      status: 'rejected',
      reason: 'wrong_purpose',
    });
    expect(sim.state.creditsFor(link.sessionId)).toBe(0);
  });

  it('paid session → paid with cents, then alreadyConfirmed', async () => {
    const link = await billing.createPaymentLink({ purpose: 'fund', amountCents: 1_234 }, 'p-1');
    sim.controls.markPaid(link.sessionId);
    expect(await billing.confirmCheckout('fund', link.sessionId, 'k1')).toEqual({
      status: 'paid',
      alreadyConfirmed: false,
      amountCents: 1_234,
      balanceCents: 5_484,
    });
    expect(await billing.confirmCheckout('fund', link.sessionId, 'k2')).toMatchObject({ alreadyConfirmed: true });
  });

  it('rate limits and outages stay exceptions', async () => {
    sim.controls.rateLimitStorm(60_000);
    await expect(billing.confirmCheckout('fund', 'cs_x', 'k')).rejects.toBeInstanceOf(BillingRateLimitedError);
    sim.controls.reset();
    sim.controls.failNext(2, 503);
    await expect(billing.confirmCheckout('fund', 'cs_x', 'k')).rejects.toBeInstanceOf(BillingUnavailableError);
  });
});

describe('the rest of the port, in cents', () => {
  it('refuses a fund link below $10 before sending', async () => {
    await expect(billing.createPaymentLink({ purpose: 'fund', amountCents: 999 }, 'x')).rejects.toBeInstanceOf(
      BillingInvalidInputError,
    );
    expect(sim.state.calls()).toHaveLength(0);
  });

  it('balance, plans, transactions, invoices and the invoice PDF', async () => {
    expect(await billing.getBalance()).toEqual({ balanceCents: 4_250, currency: 'USD' });
    const plans = await billing.listPlans();
    expect(plans[0]).toEqual({
      id: 1,
      name: 'Basic',
      category: 'normal',
      period: 'monthly',
      priceCents: 2_900,
      features: expect.arrayContaining(['Standard queue']),
    });
    const page = await billing.listTransactions({ type: 'debit', limit: 2, offset: 0 });
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.items[0]).toMatchObject({ type: 'debit', amountCents: 500, usecase: 'api_usage' });
    const invoices = await billing.listInvoices();
    expect(invoices.map((i) => i.amountCents).sort()).toEqual([4_900, 4_900, 5_900]);
    expect(await billing.invoicePdfUrl('in_1SeedInvoice0001')).toMatch(/^https?:\/\/.+/);
  });

  it('coupons: valid, invalid, expired, used; redeem credits cents', async () => {
    expect(await billing.validateCoupon('WELCOME10')).toMatchObject({
      valid: true,
      kind: 'credit',
      amountCents: 1_000,
    });
    expect(await billing.validateCoupon('BONUS20')).toMatchObject({ valid: true, kind: 'bonus', bonusPercent: 20 });
    expect(await billing.validateCoupon('nope')).toMatchObject({ valid: false, reason: 'invalid' });
    expect(await billing.validateCoupon('EXPIRED5')).toMatchObject({ valid: false, reason: 'expired' });
    const used = await billing.validateCoupon('USED15');
    expect(used).toMatchObject({ valid: false, reason: 'used', message: 'Coupon USED15 has already been used.' });
    expect(await billing.redeemCoupon('WELCOME10', 'r-1')).toEqual({ creditedCents: 1_000, balanceCents: 5_250 });
  });

  it('subscriptions: list, pause, resume, change plan', async () => {
    expect(await billing.listSubscriptions()).toEqual([
      expect.objectContaining({ id: 501, planId: 2, planName: 'Standard', status: 'active' }),
    ]);
    expect(await billing.pauseSubscription(501, 'p')).toMatchObject({ status: 'paused' });
    expect(await billing.resumeSubscription(501, 'r')).toMatchObject({ status: 'active' });
    expect(await billing.changeSubscriptionPlan(501, 3, 'c')).toMatchObject({ planId: 3, planName: 'Premium' });
  });

  it('auto-funding: read from the overview, set and disable in cents', async () => {
    expect(await billing.getAutoFunding()).toEqual({ enabled: false });
    expect(await billing.setAutoFunding(2_500, 500, 'af')).toEqual({
      enabled: true,
      amountCents: 2_500,
      thresholdCents: 500,
    });
    expect(await billing.getAutoFunding()).toEqual({ enabled: true, amountCents: 2_500, thresholdCents: 500 });
    expect(await billing.disableAutoFunding('af-off')).toEqual({ enabled: false });
  });
});

describe('answers the simulator does not give', () => {
  let server: ScriptedServer;
  let port: BillingPort;
  beforeAll(async () => {
    server = await startScriptedServer();
    port = new ModelsLabBilling(
      new ModelsLabClient({ baseUrl: server.url, token: 't', retry: { limit: 0, baseDelayMs: 1 } }),
    );
  });
  afterAll(() => server.close());

  it.each([
    [409, 'payment_pending'],
    [402, 'payment_declined'],
    [422, 'something_new'],
  ])('%i %s → pending with that reason', async (status, code) => {
    server.script(() => ({ status, body: apiError(code, 'x') }));
    expect(await port.confirmCheckout('fund', 'cs_1', 'k')).toEqual({ status: 'pending', reason: code });
  });

  it('a 410 without a code is still expired', async () => {
    server.script(() => ({ status: 410, body: { message: 'Gone' } }));
    expect(await port.confirmCheckout('fund', 'cs_1', 'k')).toEqual({ status: 'expired' });
  });

  it('401 is thrown: a bad token says nothing about the session', async () => {
    server.script(() => ({ status: 401, body: { message: 'Unauthenticated.' } }));
    await expect(port.confirmCheckout('fund', 'cs_1', 'k')).rejects.toBeInstanceOf(BillingHttpError);
  });

  it('a 200 without already_confirmed reads as a first confirmation; subscription status from the body', async () => {
    server.script(() => ({ body: envelope({ status: 'active' }) }));
    expect(await port.confirmCheckout('subscribe', 'cs_1', 'k')).toEqual({
      status: 'paid',
      alreadyConfirmed: false,
      subscriptionStatus: 'active',
    });
  });

  it('an overview without auto_funding is a schema error, not "disabled"', async () => {
    server.script(() => ({ body: envelope({ wallet_balance: 3 }) }));
    await expect(port.getAutoFunding()).rejects.toBeInstanceOf(BillingSchemaError);
  });
});
