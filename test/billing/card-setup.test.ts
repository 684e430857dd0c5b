/**
 * Setting up a new card as the add-card page does, against the simulator over loopback HTTP: a
 * Setup Intent from the real client, the card sent (with fetch, as the Stripe.js stand-in sends
 * it) to the stand-in's confirm endpoint, the new payment method attached with attachCard and then
 * listed, charging as its number says. The stand-in refuses what Stripe refuses, is CORS-open,
 * and keeps nothing of the number or CVC. Billing details are checked as Stripe checks them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BillingHttpError } from '../../src/core/shared/errors.ts';
import { type LiveBilling, startLiveBilling } from '../support/live-billing.ts';

let live: LiveBilling;
let simUrl: string;
beforeAll(async () => {
  live = await startLiveBilling();
  simUrl = live.apiUrl.replace('/api/agents/v1', '');
});
afterAll(async () => {
  await live.sim.stop();
});
beforeEach(() => live.sim.controls.reset());

interface Card {
  number: string;
  exp_month?: number | string;
  exp_year?: number | string;
  cvc?: string;
}

async function confirm(setupIntentId: string, clientSecret: string, card: Card) {
  const res = await fetch(`${simUrl}/stripe/v1/setup_intents/${setupIntentId}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://add-card.example' },
    body: JSON.stringify({ client_secret: clientSecret, exp_month: 12, exp_year: 2034, cvc: '123', ...card }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: Stripe's JSON, read as the page reads it
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('a card set up through the Stripe.js stand-in', () => {
  it('setup intent → confirm → attachCard → listCards shows it, and it charges as its number says', async () => {
    const intent = await live.billing.createSetupIntent('setup-1');
    const confirmed = await confirm(intent.setupIntentId, intent.clientSecret, { number: '4000 0027 6000 3184' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('access-control-allow-origin')).toBe('*');
    expect(confirmed.body).toMatchObject({
      id: intent.setupIntentId,
      status: 'succeeded',
      payment_method: expect.stringMatching(/^pm_/),
    });
    const pm: string = confirmed.body.payment_method;

    const attached = await live.billing.attachCard(pm, true, 'attach-1');
    expect(attached).toMatchObject({
      id: pm,
      brand: 'visa',
      last4: '3184',
      expMonth: 12,
      expYear: 2034,
      isDefault: true,
    });
    const cards = await live.billing.listCards();
    expect(cards.find((c) => c.id === pm)).toEqual(attached);
    expect(cards.filter((c) => c.isDefault).map((c) => c.id)).toEqual([pm]);
    expect(live.sim.state.cards().find((c) => c.id === pm)?.behaviour).toBe('requires_action');
    expect((await live.billing.fundWithCard(2000, pm, 'fund-new-card')).status).toBe('requires_action');
  });

  it('takes brand, last four and behaviour from each test number', async () => {
    const table: Array<[string, string, string, string]> = [
      ['4242424242424242', 'visa', '4242', 'succeeds'],
      ['5555555555554444', 'mastercard', '4444', 'succeeds'],
      ['4000000000009995', 'visa', '9995', 'declines'],
      ['4000000000000259', 'visa', '0259', 'pending'],
    ];
    for (const [number, brand, last4, behaviour] of table) {
      const intent = await live.billing.createSetupIntent(`setup-${number}`);
      const { body } = await confirm(intent.setupIntentId, intent.clientSecret, { number });
      const card = await live.billing.attachCard(body.payment_method, false, `attach-${number}`);
      expect(card).toMatchObject({ brand, last4, isDefault: false });
      expect(live.sim.state.cards().find((c) => c.id === card.id)?.behaviour).toBe(behaviour);
    }
    const declining = live.sim.state.cards().find((c) => c.last4 === '9995');
    expect(await live.billing.fundWithCard(1000, declining?.id ?? '', 'fund-9995')).toMatchObject({
      status: 'declined',
      declineCode: 'insufficient_funds',
    });
  });

  it('refuses what Stripe refuses, leaving the intent usable; a declined card is "Your card was declined."', async () => {
    const intent = await live.billing.createSetupIntent('setup-bad');
    const cases: Array<[Card, number, RegExp]> = [
      [{ number: '4242424242424241' }, 400, /card number is incorrect/],
      [{ number: '4242' }, 400, /card number is incorrect/],
      [{ number: '4242424242424242', exp_month: 1, exp_year: 2020 }, 400, /expiration date/],
      [{ number: '4242424242424242', exp_month: 13 }, 400, /expiration date/],
      [{ number: '4242424242424242', cvc: '12' }, 400, /security code/],
      [{ number: '4242424242424242', cvc: '12345' }, 400, /security code/],
    ];
    for (const [card, status, message] of cases) {
      const answer = await confirm(intent.setupIntentId, intent.clientSecret, card);
      expect(answer.status).toBe(status);
      expect(answer.body.error.message).toMatch(message);
    }
    const declined = await confirm(intent.setupIntentId, intent.clientSecret, { number: '4000000000000002' });
    expect(declined.status).toBe(402);
    expect(declined.body).toEqual({
      error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
    });
    const wrongSecret = await confirm(intent.setupIntentId, `${intent.setupIntentId}_secret_nope`, {
      number: '4242424242424242',
    });
    expect(wrongSecret.status).toBe(400);
    const unknown = await confirm('seti_unknown', 'seti_unknown_secret_x', { number: '4242424242424242' });
    expect(unknown.status).toBe(404);
    expect(live.sim.state.cards()).toHaveLength(2);

    const ok = await confirm(intent.setupIntentId, intent.clientSecret, { number: '4242424242424242', exp_year: 34 });
    expect(ok.body.status).toBe('succeeded');
    // Confirming again (a double click) answers the same and sets up no second card.
    expect((await confirm(intent.setupIntentId, intent.clientSecret, { number: '5555555555554444' })).body).toEqual(
      ok.body,
    );
  });

  it('an unknown payment method id attaches as before (a visa 4242 that succeeds)', async () => {
    const card = await live.billing.attachCard('pm_fromElsewhere', false, 'attach-unknown');
    expect(card).toMatchObject({ id: 'pm_fromElsewhere', brand: 'visa', last4: '4242' });
    expect(live.sim.state.cards().find((c) => c.id === card.id)?.behaviour).toBe('succeeds');
  });

  it('serves the stand-in script CORS-open and answers preflights', async () => {
    const script = await fetch(`${simUrl}/stripe/v3.js`, { headers: { origin: 'http://add-card.example' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    const source = await script.text();
    expect(source).toContain('window.Stripe');
    expect(source).toContain('document.currentScript');

    const preflight = await fetch(`${simUrl}/stripe/v1/setup_intents/seti_x/confirm`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://add-card.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
  });
});

describe('billing details, checked as Stripe checks them', () => {
  it('updates good details and refuses a bad country or email with a validation error, changing nothing', async () => {
    const updated = await live.billing.updateBillingDetails(
      {
        name: 'Acme GmbH',
        email: 'billing@acme.example',
        address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'de' },
      },
      'info-1',
    );
    expect(updated).toMatchObject({ name: 'Acme GmbH', address: { country: 'DE', city: 'Berlin' } });
    expect(live.sim.state.billingInfo()?.address.country).toBe('DE');

    const badCountry = await live.billing
      .updateBillingDetails(
        { address: { line1: 'x', city: 'y', postalCode: '1', country: 'Germany' } },
        'info-bad-country',
      )
      .catch((e: unknown) => e);
    expect(badCountry).toBeInstanceOf(BillingHttpError);
    expect(badCountry).toMatchObject({ status: 422, apiCode: 'validation_error' });
    expect((badCountry as BillingHttpError).details).toHaveProperty(['address.country']);

    const badEmail = await live.billing.updateBillingDetails({ email: 'nobody' }, 'info-bad-email').catch((e) => e);
    expect(badEmail).toMatchObject({
      status: 422,
      apiCode: 'validation_error',
      details: { email: expect.any(String) },
    });
    expect(live.sim.state.billingInfo()).toMatchObject({ name: 'Acme GmbH', email: 'billing@acme.example' });
  });
});
