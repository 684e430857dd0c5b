/**
 * The card-on-file calls against the simulator over loopback HTTP: what an approver's click leads
 * to, in cents, with the real client and transport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveBilling, startLiveBilling } from '../support/live-billing.ts';

let live: LiveBilling;
beforeAll(async () => {
  live = await startLiveBilling();
});
afterAll(async () => {
  await live.sim.stop();
});

describe('ModelsLabBilling card calls', () => {
  it('lists the saved cards with brand, last four, expiry and the default', async () => {
    const cards = await live.billing.listCards();
    expect(
      cards.map((c) => `${c.brand} ${c.last4} ${c.expMonth}/${c.expYear}${c.isDefault ? ' default' : ''}`),
    ).toEqual(['visa 4242 12/2028 default', 'mastercard 4444 6/2027']);
  });

  it('charges the default card and credits the wallet once per idempotency key', async () => {
    const before = (await live.billing.getBalance()).balanceCents;
    const card = (await live.billing.listCards()).find((c) => c.isDefault);
    const first = await live.billing.fundWithCard(2500, card?.id ?? '', 'charge-test-1');
    const again = await live.billing.fundWithCard(2500, card?.id ?? '', 'charge-test-1');
    expect(first.status).toBe('succeeded');
    expect(again).toEqual(first);
    expect((await live.billing.getBalance()).balanceCents).toBe(before + 2500);
    if (first.status !== 'succeeded') throw new Error('unreachable');
    expect((await live.billing.paymentStatus(first.paymentId)).status).toBe('succeeded');
  });

  it('reads billing details and starts a setup intent without keeping its secret anywhere but the answer', async () => {
    const details = await live.billing.getBillingDetails();
    expect(details.email).toContain('@');
    const intent = await live.billing.createSetupIntent('setup-test-1');
    expect(intent.setupIntentId).toMatch(/^seti_/);
    expect(intent.clientSecret).toContain('_secret_');
    expect(await live.billing.stripePublishableKey()).toMatch(/^pk_test_/);
  });
});
