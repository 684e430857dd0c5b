/** The client's contract with the wire: envelope variants, money strings, validation, errors. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelsLabClient } from '../../src/billing/index.ts';
import { BillingHttpError, BillingSchemaError } from '../../src/core/shared/errors.ts';
import { apiError, envelope, type ScriptedServer, startScriptedServer } from './scripted-server.ts';

let server: ScriptedServer;
let client: ModelsLabClient;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seen.length = 0;
  client = new ModelsLabClient({ baseUrl: server.url, token: 'tok-wire', retry: { limit: 2, baseDelayMs: 1 } });
});

const LINK = {
  payment_url: 'https://checkout.example/c/cs_test_1',
  session_id: 'cs_test_1',
  purpose: 'fund',
  amount: 25,
  expires_at: '2026-11-30T12:00:00Z',
  instructions: 'forward the link',
};

describe('envelope', () => {
  it('unwraps data from the documented envelope', async () => {
    server.script(() => ({ body: envelope({ balance: 75.5, currency: 'USD' }) }));
    await expect(client.wallet.balance()).resolves.toMatchObject({ balance: 75.5, currency: 'USD' });
    expect(server.seen[0]?.headers.authorization).toBe('Bearer tok-wire');
  });

  it('accepts the unwrapped bodies the docs show for stripe-config and payment-link', async () => {
    server.script((req) =>
      req.path.endsWith('/stripe-config')
        ? { body: { publishable_key: 'pk_test_1', instructions: 'x' } }
        : { body: LINK },
    );
    await expect(client.billing.stripeConfig()).resolves.toMatchObject({ publishable_key: 'pk_test_1' });
    const link = await client.billing.createPaymentLink({ purpose: 'fund', amount: 25 });
    expect(link).toMatchObject({ session_id: 'cs_test_1', amount: 25 });
    expect(server.seen[1]?.body).toEqual({ purpose: 'fund', amount: 25 });
  });

  it('accepts an envelope without error and meta (the plans example)', async () => {
    server.script(() => ({
      body: { data: { subscription_plans: [{ id: 10, name: 'Basic', price: 249, features: ['a'] }], count: 1 } },
    }));
    const plans = await client.subscriptions.plans();
    expect(plans.subscription_plans[0]).toMatchObject({ id: 10, name: 'Basic', price: 249, category: '' });
  });
});

describe('money and unknown fields', () => {
  it('coerces money sent as numeric strings', async () => {
    server.script(() => ({
      body: envelope({
        items: [
          { id: 1, type: 'credit', amount: '25.00', status: 'success', usecase: 'wallet_funding', created_at: 'x' },
        ],
        count: 1,
        total: 1,
        wallet: { balance: '75.50', currency: 'USD', total_credited: '100.00', amount_used: '24.50' },
      }),
    }));
    const page = await client.wallet.transactions({ limit: 10 });
    expect(page.items[0]?.amount).toBe(25);
    expect(page.items[0]?.id).toBe('1');
    expect(page.wallet?.balance).toBe(75.5);
    expect(server.seen[0]?.query.get('limit')).toBe('10');
    expect(server.seen[0]?.query.has('type')).toBe(false);
  });

  it('keeps fields it does not know', async () => {
    server.script(() => ({
      body: envelope({ balance: 12, currency: 'USD', pending_credit: 3, tier: { name: 'gold' } }),
    }));
    const b = await client.wallet.balance();
    expect(b).toMatchObject({ pending_credit: 3, tier: { name: 'gold' } });
  });

  it('reads /subscriptions as an array, an object holding one, or groups by kind', async () => {
    const sub = { id: 45, plan_id: 10, plan_name: 'Basic', status: 'active' };
    const variants = [[sub], { subscriptions: [sub] }, { normal: [sub], addon: [] }, sub];
    for (const v of variants) {
      server.script(() => ({ body: envelope(v) }));
      expect(await client.subscriptions.list()).toEqual([expect.objectContaining({ id: 45, status: 'active' })]);
    }
  });

  it('reads transactions as `items` or as a plain array', async () => {
    const tx = { id: 7, type: 'debit', amount: 1.5, status: 'success', created_at: 'x' };
    server.script(() => ({ body: envelope([tx]) }));
    expect(await client.wallet.transactions()).toMatchObject({ items: [{ id: '7', amount: 1.5 }], total: 1 });
  });
});

describe('bodies that do not validate', () => {
  it('throws BillingSchemaError naming the field when a relied-on field is wrong', async () => {
    server.script(() => ({ body: envelope({ balance: 'lots', currency: 'USD' }) }));
    const e = await client.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingSchemaError);
    expect((e as BillingSchemaError).code).toBe('billing_schema');
    expect((e as BillingSchemaError).issues.join()).toContain('balance');
  });

  it('throws BillingSchemaError for a payment link without session_id or with a bad expiry', async () => {
    server.script(() => ({ body: envelope({ ...LINK, session_id: undefined, expires_at: 'soon' }) }));
    const e = (await client.billing
      .createPaymentLink({ purpose: 'fund', amount: 25 })
      .catch((x: unknown) => x)) as BillingSchemaError;
    expect(e).toBeInstanceOf(BillingSchemaError);
    expect(e.issues.join()).toMatch(/session_id.*expires_at|expires_at.*session_id/);
  });

  it('treats a 200 with malformed JSON as BillingSchemaError, without retrying a GET', async () => {
    // Decision: the server answered; the body is unusable. Not an outage, so not retried here.
    server.script(() => ({ body: '{"data": {"balance": 12' }));
    const e = await client.wallet.balance().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BillingSchemaError);
    expect((e as BillingSchemaError).issues).toEqual(['response body is not valid JSON']);
    expect(server.seen).toHaveLength(1);
  });
});

describe('API errors', () => {
  it('carries status, error.code, message, details and meta.request_id', async () => {
    server.script(() => ({
      status: 409,
      body: apiError('checkout_not_completed', 'Checkout not completed yet', {
        session_status: 'open',
        payment_status: 'unpaid',
      }),
    }));
    const e = (await client.wallet.confirmCheckout('cs_test_1').catch((x: unknown) => x)) as BillingHttpError;
    expect(e).toBeInstanceOf(BillingHttpError);
    expect(e).toMatchObject({
      code: 'billing_http',
      status: 409,
      apiCode: 'checkout_not_completed',
      details: { session_status: 'open', payment_status: 'unpaid' },
      requestId: 'req_err',
      endpoint: 'POST /wallet/confirm-checkout',
    });
    expect(e.message).toContain('Checkout not completed yet');
    expect(server.seen).toHaveLength(1);
  });

  it("reads Laravel's bare 401 body", async () => {
    server.script(() => ({ status: 401, body: { message: 'Unauthenticated.' } }));
    const e = (await client.wallet.balance().catch((x: unknown) => x)) as BillingHttpError;
    expect(e).toMatchObject({ status: 401, apiCode: 'unknown' });
    expect(e.message).toContain('Unauthenticated.');
  });

  it('sends login without a bearer token and fills path ids URI-encoded', async () => {
    server.script((req) =>
      req.path.endsWith('/auth/login')
        ? { body: envelope({ access_token: '1|abc', token_type: 'Bearer', expires_at: null, user: { id: 3 } }) }
        : { body: envelope({ invoice_id: 'in/1', pdf_url: 'https://x/pdf' }) },
    );
    const login = await client.auth.login({ email: 'a@b.c', password: 'pw' });
    expect(login.access_token).toBe('1|abc');
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
    await client.billing.getInvoicePdf('in/1');
    expect(server.seen[1]?.path).toBe('/api/agents/v1/billing/invoices/in%2F1/pdf');
  });
});
