import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { createRouter } from '../../src/http/router.ts';
import { createSimulator } from '../../src/sandbox/index.ts';
import { type Harness, startSim, submitCheckoutForm } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function fundLink(amount: number) {
  const res = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount });
  expect(res.status).toBe(200);
  return res.body.data as { session_id: string; payment_url: string; expires_at: string; amount: number };
}

const confirmFund = (sessionId: string) => h.call('POST', '/wallet/confirm-checkout', { session_id: sessionId });

describe('fund checkout session lifecycle', () => {
  it('payment-link returns a cs_test_ session, a page url on the simulator and a 24 h expiry', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 12));
    h = await startSim({ clock });
    const link = await fundLink(50);
    expect(link.session_id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(link.payment_url).toBe(`${h.url}/checkout/${link.session_id}`);
    expect(link.expires_at).toBe('2026-11-30T12:00:00.000Z');
    expect(link.amount).toBe(50);
  });

  it('open → 409; paid through the page form → credits once; repeat → already_confirmed, no second credit', async () => {
    h = await startSim();
    const link = await fundLink(75.5);

    const open = await confirmFund(link.session_id);
    expect(open.status).toBe(409);
    expect(open.body.error).toMatchObject({
      code: 'checkout_not_completed',
      details: { session_status: 'open', payment_status: 'unpaid' },
    });
    expect(h.sim.state.balance()).toBe(42.5);

    const paid = await submitCheckoutForm(link.payment_url, 'pay');
    expect(paid.status).toBe(200);
    expect(paid.html).toContain('Payment received');
    expect(paid.html).toContain(link.session_id);
    expect(h.sim.state.balance()).toBe(42.5); // paying credits nothing until confirm

    const first = await confirmFund(link.session_id);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      session_id: link.session_id,
      status: 'paid',
      amount: 75.5,
      balance: 118,
      currency: 'USD',
      already_confirmed: false,
    });
    expect(first.body.data.transaction_id).toMatch(/^pi_/);

    const again = await confirmFund(link.session_id);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ already_confirmed: true, balance: 118 });
    expect(h.sim.state.balance()).toBe(118);
    expect(h.sim.state.creditsFor(link.session_id)).toBe(1);

    const ledger = await h.call('GET', '/wallet/transactions?type=credit&limit=1');
    expect(ledger.body.data.items[0]).toMatchObject({
      source: 'stripe',
      usecase: 'wallet_funding',
      type: 'credit',
      amount: 75.5,
      transaction_id: first.body.data.transaction_id,
    });
    const all = await h.call('GET', '/wallet/transactions');
    expect(
      all.body.data.items.filter(
        (t: { transaction_id: string }) => t.transaction_id === first.body.data.transaction_id,
      ),
    ).toHaveLength(1);
  });

  it('expires by the injected clock: confirm 410 and the page says expired', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 29, 12));
    h = await startSim({ clock, sessionLifetimeMs: 30 * 60_000 });
    const link = await fundLink(20);
    expect(link.expires_at).toBe('2026-11-29T12:30:00.000Z');

    await clock.advance(29 * 60_000);
    expect((await confirmFund(link.session_id)).status).toBe(409);

    await clock.advance(60_000);
    const expired = await confirmFund(link.session_id);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({ code: 'checkout_expired', details: { session_status: 'expired' } });

    const page = await fetch(link.payment_url);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('This checkout session has expired');
    expect(html).not.toContain('data-testid="pay"');
    expect(h.sim.state.session(link.session_id)?.status).toBe('expired');
  });

  it('a paid session is still confirmable after its expiry time (Stripe never expires a complete session)', async () => {
    const clock = new ManualClock();
    h = await startSim({ clock });
    const link = await fundLink(10);
    h.sim.controls.markPaid(link.session_id);
    await clock.advance(25 * 3_600_000);
    const res = await confirmFund(link.session_id);
    expect(res.status).toBe(200);
    expect(res.body.data.balance).toBe(52.5);
  });

  it('controls.expire and markPaid drive a session without a browser', async () => {
    h = await startSim();
    const a = await fundLink(10);
    const b = await fundLink(10);
    h.sim.controls.expire(a.session_id);
    h.sim.controls.markPaid(b.session_id);
    expect((await confirmFund(a.session_id)).status).toBe(410);
    expect((await confirmFund(b.session_id)).status).toBe(200);
    expect(() => h.sim.controls.markPaid(a.session_id)).toThrow(/expired/);
    expect(() => h.sim.controls.markPaid('cs_test_nope')).toThrow(/unknown/);
    expect(h.sim.state.sessions().map((s) => [s.status, s.paymentStatus, s.credits])).toEqual([
      ['expired', 'unpaid', 0],
      ['complete', 'paid', 1],
    ]);
  });

  it('the other purpose is rejected with 409 wrong_purpose; an unknown session is 404', async () => {
    h = await startSim();
    const link = await fundLink(10);
    h.sim.controls.markPaid(link.session_id);
    const wrong = await h.call('POST', '/subscriptions/confirm-checkout', { session_id: link.session_id });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'wrong_purpose', details: { purpose: 'fund' } });
    expect(h.sim.state.creditsFor(link.session_id)).toBe(0);

    const unknown = await confirmFund('cs_test_doesnotexist');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('cancel shows a cancelled page and leaves the session open and unpaid', async () => {
    h = await startSim();
    const link = await fundLink(10);
    const cancelled = await submitCheckoutForm(link.payment_url, 'cancel');
    expect(cancelled.html).toContain('data-testid="status">Payment cancelled');
    expect((await confirmFund(link.session_id)).status).toBe(409);
    const back = await fetch(link.payment_url);
    expect(await back.text()).toContain('data-testid="pay"');
  });
});

describe('subscribe checkout session', () => {
  it('activates a subscription once, and a fund confirm of it is wrong_purpose', async () => {
    h = await startSim();
    const res = await h.call('POST', '/billing/payment-link', { purpose: 'subscribe', plan_id: 5 });
    expect(res.body.data).toMatchObject({ purpose: 'subscribe', plan_id: 5, amount: 79 });
    const id = res.body.data.session_id as string;

    const page = await (await fetch(res.body.data.payment_url)).text();
    expect(page).toContain('Imagen Pro');
    expect(page).toContain('$79.00');

    expect((await h.call('POST', '/subscriptions/confirm-checkout', { session_id: id })).status).toBe(409);
    expect((await confirmFund(id)).body.error).toMatchObject({
      code: 'wrong_purpose',
      details: { purpose: 'subscribe' },
    });

    await submitCheckoutForm(res.body.data.payment_url, 'pay');
    const first = await h.call('POST', '/subscriptions/confirm-checkout', { session_id: id });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      status: 'active',
      already_confirmed: false,
      subscription: { plan_id: 5, status: 'active', plan_name: 'Imagen Pro' },
    });
    const again = await h.call('POST', '/subscriptions/confirm-checkout', { session_id: id });
    expect(again.body.data).toMatchObject({
      already_confirmed: true,
      subscription: { id: first.body.data.subscription.id },
    });

    const subs = await h.call('GET', '/subscriptions');
    expect(subs.body.data.filter((s: { plan_id: number }) => s.plan_id === 5)).toHaveLength(1);
    expect(h.sim.state.balance()).toBe(42.5);
  });
});

describe('checkout page', () => {
  it('shows the amount, a test-mode banner and Pay / Cancel forms with relative actions', async () => {
    h = await startSim();
    const link = await fundLink(1234.5);
    const res = await fetch(link.payment_url);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('TEST MODE · simulated Stripe Checkout');
    expect(html).toContain('$1,234.50');
    expect(html).toContain(
      `<form method="post" action="./${link.session_id}/pay"><button class="pay" type="submit" data-testid="pay">`,
    );
    expect(html).toContain(`action="./${link.session_id}/cancel"`);
    expect(html).toContain('data-testid="cancel"');
    expect(html).toContain('data-testid="status"');
    expect(html).not.toMatch(/(action|href)="\//);
  });

  it('unknown session → 404 page; escapes what it interpolates', async () => {
    h = await startSim();
    const res = await fetch(`${h.url}/checkout/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain('<script>');
    const get = await fetch(`${h.url}/checkout/cs_test_x/pay`);
    expect(get.status).toBe(405);
  });

  it('works mounted under /sandbox: payment_url and the form post resolve inside the mount', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sim = createSimulator({ publicBaseUrl: `${base}/sandbox` });
    const router = createRouter([{ prefix: '/sandbox', handler: sim.handler, strip: true }]);
    server.on('request', (req, res) => void router(req, res));
    h = {
      close: async () => {
        await sim.stop();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      },
    } as Harness;

    const link = await fetch(`${base}/sandbox/api/agents/v1/billing/payment-link`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'fund', amount: 30 }),
    });
    const { data } = (await link.json()) as { data: { payment_url: string; session_id: string } };
    expect(data.payment_url).toBe(`${base}/sandbox/checkout/${data.session_id}`);
    const paid = await submitCheckoutForm(data.payment_url, 'pay');
    expect(paid.status).toBe(200);
    expect(sim.state.session(data.session_id)?.paymentStatus).toBe('paid');
  });
});
