/**
 * Card data and Stripe client secrets never leave the transport in an error message, its details
 * or a log line, whatever the server puts in its answer: a scripted server answers with card
 * numbers (plain, spaced, dashed, beside other digits), client secrets and fields named like card
 * data, and the errors and log lines the real client produces are searched for them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { BillingHttpError } from '../../src/core/shared/errors.ts';
import { recordingLogger } from './recording-logger.ts';
import { apiError, type ScriptedServer, startScriptedServer } from './scripted-server.ts';

const SECRETS = [
  'seti_1QxAbC2dEf_secret_Zz9Yy8Xx7',
  'pi_3PqRsT4uVw_secret_Aa1Bb2Cc3',
  '4242424242424242',
  '4000 0027 6000 3184',
  '4000-0000-0000-9995',
  '5555555555554444',
  '378282246310005',
  '4111111111111111',
  '123',
  '9876',
];
/** Each secret's digits alone too: a card number must not survive with its spaces taken out either. */
const needles = () => [...SECRETS.slice(0, 8), ...SECRETS.slice(2, 8).map((s) => s.replace(/\D/g, ''))];

let server: ScriptedServer;
let log: ReturnType<typeof recordingLogger>;
let client: ModelsLabClient;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  log = recordingLogger();
  client = new ModelsLabClient({
    baseUrl: server.url,
    token: 'sandbox-token',
    retry: { limit: 0 },
    logger: log.logger,
  });
});

function expectClean(text: string): void {
  for (const n of needles()) expect(text).not.toContain(n);
}

async function failure(p: Promise<unknown>): Promise<BillingHttpError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BillingHttpError);
  return e as BillingHttpError;
}

describe('what the transport says about an error answer', () => {
  it('hides client secrets, card numbers however written, and card-named fields; keeps the rest', async () => {
    server.script(() => ({
      status: 402,
      body: apiError(
        'payment_declined',
        'Declined 4242424242424242 (4000 0027 6000 3184, 4000-0000-0000-9995) for seti_1QxAbC2dEf_secret_Zz9Yy8Xx7; ' +
          'order 12 5555555555554444 99; amex 378282246310005; ref 4242424242424241 and 1234567890',
        {
          decline_code: 'insufficient_funds',
          payment_intent_id: 'pi_3SeedFundA0000000000001',
          client_secret: 'pi_3PqRsT4uVw_secret_Aa1Bb2Cc3',
          card_number: '4111111111111111',
          cvc: '123',
          card: { number: '4111 1111 1111 1111', cvc: '9876', exp_month: 12 },
          note: ['seen pi_3PqRsT4uVw_secret_Aa1Bb2Cc3 with 4242-4242-4242-4242'],
        },
      ),
    }));
    const e = await failure(
      client.wallet.fundWithCard({ amount: 20, payment_method_id: 'pm_1' }, { idempotencyKey: 'k' }),
    );
    const everything = JSON.stringify({ message: e.message, details: e.details, log: log.lines });
    expectClean(everything);
    expect(everything).not.toContain('"123"');
    expect(everything).not.toContain('9876');
    expect(e.message).toContain('[redacted]');
    // What is not card data stays readable: the decline code, ids, short and non-Luhn numbers.
    expect(e.details).toMatchObject({
      decline_code: 'insufficient_funds',
      payment_intent_id: 'pi_3SeedFundA0000000000001',
      client_secret: '[redacted]',
      card_number: '[redacted]',
      cvc: '[redacted]',
      card: { number: '[redacted]', cvc: '[redacted]', exp_month: 12 },
    });
    expect(e.message).toContain('4242424242424241');
    expect(e.message).toContain('1234567890');
    expect(e.message).toContain('order 12 [redacted] 99');
    // The transport did log the answer (quietly: a decline is expected), and the check above covered it.
    expect(log.lines.some((l) => l.includes('payment_declined'))).toBe(true);
  });

  it('the declined value ModelsLabBilling hands to core carries no card data either', async () => {
    server.script(() => ({
      status: 402,
      body: apiError('payment_declined', 'Card 4242 4242 4242 4242 was declined (seti_9Ab_secret_Cd8).', {
        decline_code: 'card_declined',
        payment_intent_id: 'pi_abc',
      }),
    }));
    const billing = new ModelsLabBilling(client);
    const charge = await billing.fundWithCard(2000, 'pm_1', 'k2');
    expect(charge).toMatchObject({ status: 'declined', declineCode: 'card_declined', paymentId: 'pi_abc' });
    const text = JSON.stringify({ charge, log: log.lines });
    expect(text).not.toContain('4242 4242 4242 4242');
    expect(text).not.toContain('seti_9Ab_secret_Cd8');
  });

  it('an answer that is not JSON is redacted before it is cut short', async () => {
    const filler = 'x'.repeat(190);
    server.script(() => ({
      status: 400,
      headers: { 'content-type': 'text/plain' },
      body: `${filler}4242424242424242`,
    }));
    const e = await failure(client.billing.updateInfo({ name: 'A' }, { idempotencyKey: 'k3' }));
    const text = JSON.stringify({ message: e.message, log: log.lines });
    expect(text).not.toContain('4242424242');
    expect(text).not.toContain('424242');
  });

  it('the error code and request id the server sent are redacted too', async () => {
    server.script(() => ({
      status: 422,
      body: {
        data: null,
        error: { code: 'bad_4242424242424242', message: 'no', details: {} },
        meta: { request_id: 'req_seti_1A_secret_2B' },
      },
    }));
    const e = await failure(client.billing.updateInfo({ name: 'A' }, { idempotencyKey: 'k4' }));
    const text = JSON.stringify({ message: e.message, apiCode: e.apiCode, requestId: e.requestId, log: log.lines });
    expect(text).not.toContain('4242424242424242');
    expect(text).not.toContain('seti_1A_secret_2B');
  });
});
