/**
 * What charging a saved card does in the simulator, per the card's behaviour, heard through the
 * real client and port over loopback HTTP: charged, declined, 3-D Secure wanted, pending then
 * settled; each replayed (never charged again) for the same idempotency key. And a past_due
 * subscription fixed three ways, as the default card behaves.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { BillingHttpError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type LiveBilling, startLiveBilling } from '../support/live-billing.ts';

let live: LiveBilling;
beforeAll(async () => {
  live = await startLiveBilling();
});
afterAll(async () => {
  await live.sim.stop();
});
beforeEach(() => live.sim.controls.reset());

const balance = async () => (await live.billing.getBalance()).balanceCents;

describe('fund with a saved card, per its behaviour', () => {
  it('a succeeding card is charged and credits the wallet once, however often the key is replayed', async () => {
    const card = live.sim.controls.addCard('succeeds');
    expect(card).toMatchObject({ brand: 'visa', last4: '4242', id: expect.stringMatching(/^pm_/) });
    const before = await balance();
    const first = await live.billing.fundWithCard(2500, card.id, 'fund-ok');
    const again = await live.billing.fundWithCard(2500, card.id, 'fund-ok');
    expect(first).toMatchObject({ status: 'succeeded', balanceCents: before + 2500 });
    expect(again).toEqual(first);
    expect(await balance()).toBe(before + 2500);
    expect(live.sim.state.cardCredits()).toBe(1);
    if (first.status !== 'succeeded') throw new Error('unreachable');
    expect(live.sim.state.payments()).toEqual([{ id: first.paymentId, amountCents: 2500, status: 'succeeded' }]);
  });

  it('a declining card is declined with insufficient_funds, nothing credited, and the replay says the same', async () => {
    const card = live.sim.controls.addCard('declines');
    expect(card.last4).toBe('9995');
    const before = await balance();
    const first = await live.billing.fundWithCard(2000, card.id, 'fund-declined');
    expect(first).toMatchObject({
      status: 'declined',
      declineCode: 'insufficient_funds',
      message: 'Your card was declined.',
      paymentId: expect.stringMatching(/^pi_/),
    });
    expect(await live.billing.fundWithCard(2000, card.id, 'fund-declined')).toEqual(first);
    expect(await balance()).toBe(before);
    expect(live.sim.state.cardCredits()).toBe(0);
    expect(live.sim.state.payments().map((p) => p.status)).toEqual(['failed']);
    if (first.status !== 'declined' || !first.paymentId) throw new Error('unreachable');
    expect((await live.billing.paymentStatus(first.paymentId)).status).toBe('failed');
  });

  it('a 3-D Secure card answers 202 requires_action, charges nothing, and hands no client secret past the client', async () => {
    const card = live.sim.controls.addCard('requires_action');
    const before = await balance();
    const first = await live.billing.fundWithCard(3000, card.id, 'fund-3ds');
    expect(first).toMatchObject({ status: 'requires_action', paymentId: expect.stringMatching(/^pi_/) });
    expect(JSON.stringify(first)).not.toContain('_secret_');
    expect(await live.billing.fundWithCard(3000, card.id, 'fund-3ds')).toEqual(first);
    expect(await balance()).toBe(before);
    expect(live.sim.state.payments().map((p) => p.status)).toEqual(['requires_action']);

    // On the wire it really is a 202, with the payment and its client secret in data.payment.
    const raw = await fetch(`${live.apiUrl}/wallet/fund`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 30, payment_method_id: card.id }),
    });
    expect(raw.status).toBe(202);
    const body = (await raw.json()) as { data: { payment: Record<string, string> } };
    expect(body.data.payment).toMatchObject({
      status: 'requires_action',
      payment_intent_id: expect.stringMatching(/^pi_/),
      client_secret: expect.stringMatching(/^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/),
    });
  });

  it('a pending card is followed to succeeded when settled by hand, crediting the wallet once', async () => {
    const card = live.sim.controls.addCard('pending', { makeDefault: true });
    expect(live.sim.state.cards().find((c) => c.id === card.id)).toMatchObject({
      last4: '0259',
      isDefault: true,
      behaviour: 'pending',
    });
    const before = await balance();
    const first = await live.billing.fundWithCard(4000, card.id, 'fund-pending');
    expect(first.status).toBe('pending');
    if (first.status !== 'pending') throw new Error('unreachable');
    expect(await live.billing.fundWithCard(4000, card.id, 'fund-pending')).toEqual(first);
    expect(await live.billing.paymentStatus(first.paymentId)).toEqual({ status: 'pending', amountCents: 4000 });
    expect(await balance()).toBe(before);

    live.sim.controls.settlePayment(first.paymentId, 'succeeded');
    live.sim.controls.settlePayment(first.paymentId, 'succeeded');
    expect((await live.billing.paymentStatus(first.paymentId)).status).toBe('succeeded');
    expect(await live.billing.fundWithCard(4000, card.id, 'fund-pending')).toEqual(first);
    expect(await balance()).toBe(before + 4000);
    expect(live.sim.state.cardCredits()).toBe(1);
    expect(() => live.sim.controls.settlePayment(first.paymentId, 'failed')).toThrow(/already succeeded/);
  });

  it('a pending payment settled as failed credits nothing', async () => {
    const card = live.sim.controls.addCard('pending');
    const before = await balance();
    const charge = await live.billing.fundWithCard(1500, card.id, 'fund-pending-fails');
    if (charge.status !== 'pending') throw new Error(`expected pending, got ${charge.status}`);
    live.sim.controls.settlePayment(charge.paymentId, 'failed');
    expect((await live.billing.paymentStatus(charge.paymentId)).status).toBe('failed');
    expect(await balance()).toBe(before);
    expect(() => live.sim.controls.settlePayment('pi_nope', 'succeeded')).toThrow(/unknown payment/);
  });

  it('an unknown card is still 404', async () => {
    const e = await live.billing.fundWithCard(1500, 'pm_unknown', 'fund-404').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingHttpError);
    expect(e).toMatchObject({ status: 404 });
  });
});

describe('a pending payment on the simulator clock', () => {
  it('settles succeeded 30 s later, when next read, and credits the wallet then', async () => {
    const clock = new ManualClock();
    const timed = await startLiveBilling(clock);
    try {
      const card = timed.sim.controls.addCard('pending');
      const before = (await timed.billing.getBalance()).balanceCents;
      const charge = await timed.billing.fundWithCard(2000, card.id, 'fund-timed');
      if (charge.status !== 'pending') throw new Error(`expected pending, got ${charge.status}`);
      await clock.advance(29_000);
      expect((await timed.billing.paymentStatus(charge.paymentId)).status).toBe('pending');
      expect(timed.sim.state.balance() * 100).toBe(before);
      await clock.advance(1_000);
      expect((await timed.billing.paymentStatus(charge.paymentId)).status).toBe('succeeded');
      expect((await timed.billing.getBalance()).balanceCents).toBe(before + 2000);
      expect(timed.sim.state.cardCredits()).toBe(1);
    } finally {
      await timed.sim.stop();
    }
  });
});

describe('a card in another account', () => {
  it('AccountControls.addCard puts it in that account only', async () => {
    const acme = live.sim.controls.account('acme');
    const card = acme.addCard('declines', { makeDefault: true });
    expect(live.sim.state.cards('acme').filter((c) => c.isDefault)).toEqual([
      expect.objectContaining({ id: card.id, behaviour: 'declines' }),
    ]);
    expect(live.sim.state.cards().map((c) => c.id)).not.toContain(card.id);
    const acmeBilling = new ModelsLabBilling(
      new ModelsLabClient({ baseUrl: live.apiUrl, token: 'sandbox-acme', retry: { limit: 0 } }),
    );
    expect(await acmeBilling.fundWithCard(1000, card.id, 'acme-fund')).toMatchObject({ status: 'declined' });
    expect(await live.billing.fundWithCard(1000, card.id, 'acme-fund').catch((e: unknown) => e)).toMatchObject({
      status: 404,
    });
  });
});

describe('a past_due subscription', () => {
  it('pastDue marks the first active one; fix-payment with a succeeding default card makes it active, no URL', async () => {
    const id = live.sim.controls.pastDue();
    expect(id).toBe(501);
    expect((await live.billing.subscriptionPaymentState(id)).status).toBe('past_due');
    const fixed = await live.billing.fixSubscriptionPayment(id, 'fix-ok');
    expect(fixed).toEqual({ status: 'active' });
    expect(await live.billing.fixSubscriptionPayment(id, 'fix-ok')).toEqual(fixed);
    expect(live.sim.state.subscriptionStatus(id)).toBe('active');
  });

  it('with a 3-D Secure default card it stays past_due and gives the page whose Pay makes it active', async () => {
    live.sim.controls.addCard('requires_action', { makeDefault: true });
    const id = live.sim.controls.pastDue(501);
    const answer = await live.billing.fixSubscriptionPayment(id, 'fix-3ds');
    const simUrl = live.apiUrl.replace('/api/agents/v1', '');
    expect(answer).toEqual({ status: 'past_due', url: `${simUrl}/checkout/fix/${id}` });
    expect(await live.billing.fixSubscriptionPayment(id, 'fix-3ds')).toEqual(answer);
    expect(live.sim.state.subscriptionStatus(id)).toBe('past_due');

    const page = await fetch(answer.url ?? '');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="pay"');
    expect(html).toContain(`action="./${id}/pay"`);
    const paid = await fetch(`${answer.url}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('active');
    expect((await live.billing.subscriptionPaymentState(id)).status).toBe('active');
  });

  it('with a declining default card fix-payment is 402 payment_declined, replayed for the key, and it stays past_due', async () => {
    live.sim.controls.addCard('declines', { makeDefault: true });
    const id = live.sim.controls.pastDue();
    const first = await live.billing.fixSubscriptionPayment(id, 'fix-declined').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(BillingHttpError);
    expect(first).toMatchObject({
      status: 402,
      apiCode: 'payment_declined',
      details: { decline_code: 'insufficient_funds' },
    });
    const again = await live.billing.fixSubscriptionPayment(id, 'fix-declined').catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 402, details: (first as BillingHttpError).details });
    expect(live.sim.state.payments().filter((p) => p.status === 'failed')).toHaveLength(1);
    expect(live.sim.state.subscriptionStatus(id)).toBe('past_due');
  });

  it('with no active subscription pastDue makes one on the cheapest plan; per account', async () => {
    await live.billing.fixSubscriptionPayment(501, 'noop').catch(() => undefined);
    live.sim.controls.account('globex').pastDue();
    expect(live.sim.state.subscriptionStatus(501, 'globex')).toBe('past_due');
    expect(live.sim.state.subscriptionStatus(501)).toBe('active');
    const client = new ModelsLabClient({ baseUrl: live.apiUrl, token: 'sandbox-token', retry: { limit: 0 } });
    await client.subscriptions.pause(501, { idempotencyKey: 'pause-501' });
    const made = live.sim.controls.pastDue();
    expect(made).not.toBe(501);
    expect(await client.subscriptions.status(made)).toMatchObject({ plan_id: 1, status: 'past_due' });
    expect(() => live.sim.controls.pastDue(999)).toThrow(/unknown subscription/);
  });
});
