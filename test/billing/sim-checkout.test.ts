/**
 * The money path against the simulator: a link paid on the checkout page (or by control), confirmed
 * once; keyed retries applied once; rate limits and faults; the unwrapped and money-as-strings modes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CallInfo, ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { BillingRateLimitedError, BillingSchemaError, BillingUnavailableError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/sandbox/index.ts';
import { MemoryRateBudget } from '../../src/store/index.ts';

const plentiful = new MemoryRateBudget(1_000_000, { burst: 1_000_000 });

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function setup(options: SimulatorOptions = {}, extra: { timeoutMs?: number; clock?: ManualClock } = {}) {
  sim = createSimulator({ billingPerMin: 1_000, generalPerMin: 1_000, ...options });
  const { apiUrl } = await sim.start(0);
  const calls: CallInfo[] = [];
  const client = new ModelsLabClient({
    baseUrl: apiUrl,
    token: 'sandbox-token',
    retry: { limit: 2, baseDelayMs: 1 },
    onCall: (c) => calls.push(c),
    // Retries of billing calls take from the budget; this one never runs dry.
    budget: () => plentiful,
    ...extra,
  });
  return { sim, client, calls };
}

describe('a payment link, paid and confirmed', () => {
  it('credits the wallet once when paid by control; a repeat confirm says alreadyConfirmed', async () => {
    const { sim, client } = await setup();
    const link = await client.billing.createPaymentLink({ purpose: 'fund', amount: 50 }, { idempotencyKey: 'pl-1' });
    sim.controls.markPaid(link.session_id);

    const first = await client.wallet.confirmCheckout(link.session_id, {
      idempotencyKey: `confirm-${link.session_id}-1`,
    });
    expect(first).toMatchObject({ status: 'paid', amount: 50, balance: 92.5, already_confirmed: false });
    const again = await client.wallet.confirmCheckout(link.session_id, {
      idempotencyKey: `confirm-${link.session_id}-2`,
    });
    expect(again).toMatchObject({ already_confirmed: true, balance: 92.5 });
    expect(sim.state.balance()).toBe(92.5);
    expect(sim.state.creditsFor(link.session_id)).toBe(1);
  });

  it('credits once when the payer submits the checkout page form', async () => {
    const { sim, client } = await setup();
    const billing = new ModelsLabBilling(client);
    const link = await billing.createPaymentLink({ purpose: 'fund', amountCents: 2_550 }, 'pl-form');
    expect(link.expiresAt).toBeGreaterThan(Date.now());

    const page = await fetch(link.paymentUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('$25.50');
    expect(await billing.confirmCheckout('fund', link.sessionId, 'c-0')).toEqual({
      status: 'pending',
      reason: 'checkout_not_completed',
    });

    const paid = await fetch(`${link.paymentUrl}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain(link.sessionId);
    expect(sim.state.balance()).toBe(42.5); // paying credits nothing until confirm

    expect(await billing.confirmCheckout('fund', link.sessionId, 'c-1')).toEqual({
      status: 'paid',
      alreadyConfirmed: false,
      balanceCents: 6_800,
      amountCents: 2_550,
    });
    expect(await billing.confirmCheckout('fund', link.sessionId, 'c-2')).toMatchObject({
      status: 'paid',
      alreadyConfirmed: true,
    });
    expect(sim.state.creditsFor(link.sessionId)).toBe(1);
    expect(sim.state.balance()).toBe(68);
  });

  it('activates a subscription once from a paid subscribe session', async () => {
    const { sim, client } = await setup();
    const billing = new ModelsLabBilling(client);
    const link = await billing.createPaymentLink({ purpose: 'subscribe', planId: 5 }, 'pl-sub');
    sim.controls.markPaid(link.sessionId);
    expect(await billing.confirmCheckout('subscribe', link.sessionId, 'sc-1')).toEqual({
      status: 'paid',
      alreadyConfirmed: false,
      subscriptionStatus: 'active',
    });
    expect(await billing.confirmCheckout('subscribe', link.sessionId, 'sc-2')).toMatchObject({
      alreadyConfirmed: true,
    });
    expect(sim.state.creditsFor(link.sessionId)).toBe(1);
    expect((await billing.listSubscriptions()).filter((s) => s.planId === 5)).toHaveLength(1);
  });
});

describe('faults', () => {
  it('retries a keyed confirm over an injected 503 and applies it once', async () => {
    const { sim, client } = await setup();
    const link = await client.billing.createPaymentLink({ purpose: 'fund', amount: 10 });
    sim.controls.markPaid(link.session_id);
    sim.controls.failNext(1, 503);
    const result = await client.wallet.confirmCheckout(link.session_id, { idempotencyKey: 'confirm-once' });
    expect(result).toMatchObject({ already_confirmed: false, balance: 52.5 });
    const confirms = sim.state.calls().filter((c) => c.path === '/wallet/confirm-checkout');
    expect(confirms.map((c) => [c.status, c.idempotencyKey])).toEqual([
      [503, 'confirm-once'],
      [200, 'confirm-once'],
    ]);
    expect(sim.state.creditsFor(link.session_id)).toBe(1);
    expect(sim.state.balance()).toBe(52.5);
  });

  it('sends an unkeyed payment-link once over a 503', async () => {
    const { sim, client } = await setup();
    sim.controls.failNext(1, 503);
    await expect(client.billing.createPaymentLink({ purpose: 'fund', amount: 10 })).rejects.toBeInstanceOf(
      BillingUnavailableError,
    );
    expect(sim.state.calls().filter((c) => c.path === '/billing/payment-link')).toHaveLength(1);
    expect(sim.state.sessions()).toHaveLength(0);
  });

  it('a broken body after the link was made: the same key replays the same session', async () => {
    const { sim, client } = await setup();
    sim.controls.malformedNext(1);
    const lost = await client.billing
      .createPaymentLink({ purpose: 'fund', amount: 10 }, { idempotencyKey: 'pl-x' })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(BillingSchemaError);
    const again = await client.billing.createPaymentLink({ purpose: 'fund', amount: 10 }, { idempotencyKey: 'pl-x' });
    expect(sim.state.sessions().map((s) => s.id)).toEqual([again.session_id]);
  });

  it('retries GETs over 5xx and a hung call; gives up with BillingUnavailableError', async () => {
    const { sim, client } = await setup({}, { timeoutMs: 150 });
    sim.controls.failNext(2, 502);
    await expect(client.wallet.balance()).resolves.toMatchObject({ balance: 42.5 });
    sim.controls.hangNext(1);
    await expect(client.subscriptions.plans()).resolves.toMatchObject({ count: 8 });
    sim.controls.failNext(3, 500);
    await expect(client.wallet.balance()).rejects.toBeInstanceOf(BillingUnavailableError);
  });
});

describe('rate limits', () => {
  it('a storm answers 429 with Retry-After: the client throws with the wait, then works once it is over', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 12));
    const { sim, client, calls } = await setup({ clock }, { clock });
    sim.controls.rateLimitStorm(30_000);
    const e = await client.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingRateLimitedError);
    expect((e as BillingRateLimitedError).retryAfterMs).toBe(30_000);
    expect(calls).toHaveLength(1); // not retried, not even a GET

    await clock.advance(29_000);
    const still = (await client.wallet.balance().catch((x: unknown) => x)) as BillingRateLimitedError;
    expect(still.retryAfterMs).toBe(1_000);
    await clock.advance(1_000);
    await expect(client.wallet.balance()).resolves.toMatchObject({ balance: 42.5 });
  });

  it('the billing limiter: remaining counts down through onCall, then 429 until the window resets', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 12, 0, 10));
    const { sim, client, calls } = await setup({ clock, billingPerMin: 3 }, { clock });
    const link = await client.billing.createPaymentLink({ purpose: 'fund', amount: 10 });
    await client.wallet.confirmCheckout(link.session_id).catch(() => {});
    await client.wallet.confirmCheckout(link.session_id).catch(() => {});
    expect(calls.map((c) => c.rateLimit?.remaining)).toEqual([2, 1, 0]);

    const limited = (await client.wallet
      .confirmCheckout(link.session_id)
      .catch((x: unknown) => x)) as BillingRateLimitedError;
    expect(limited).toBeInstanceOf(BillingRateLimitedError);
    const resetAt = calls[0]?.rateLimit?.resetAt ?? 0;
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(clock.now() + limited.retryAfterMs).toBeGreaterThanOrEqual(resetAt);

    await clock.advance(limited.retryAfterMs);
    sim.controls.markPaid(link.session_id);
    await expect(client.wallet.confirmCheckout(link.session_id)).resolves.toMatchObject({ already_confirmed: false });
  });
});

describe('quirk modes', () => {
  it('unwrapped stripe-config and payment-link bodies', async () => {
    const { sim, client } = await setup();
    sim.controls.setUnwrapped(true);
    expect((await client.billing.stripeConfig()).publishable_key).toMatch(/^pk_test_/);
    const link = await new ModelsLabBilling(client).createPaymentLink({ purpose: 'fund', amountCents: 1_000 }, 'u-1');
    expect(link.sessionId).toMatch(/^cs_test_/);
    expect(sim.state.session(link.sessionId)?.amount).toBe(10);
  });

  it('money as strings comes out as numbers (client) and exact cents (port)', async () => {
    const { sim, client } = await setup();
    sim.controls.setMoneyAsStrings(true);
    sim.controls.setBalance(75.5);
    expect(await client.wallet.balance()).toMatchObject({ balance: 75.5 });
    const billing = new ModelsLabBilling(client);
    expect(await billing.getBalance()).toEqual({ balanceCents: 7_550, currency: 'USD' });
    const page = await billing.listTransactions({ limit: 3, offset: 0 });
    expect(page.items.map((t) => t.amountCents)).toEqual([500, 1_250, 1_500]);
    expect((await billing.listPlans()).find((p) => p.id === 4)?.priceCents).toBe(49_000);

    const link = await billing.createPaymentLink({ purpose: 'fund', amountCents: 1_999 }, 'ms-1');
    sim.controls.markPaid(link.sessionId);
    expect(await billing.confirmCheckout('fund', link.sessionId, 'ms-c')).toMatchObject({
      status: 'paid',
      amountCents: 1_999,
      balanceCents: 9_549,
    });
  });
});
