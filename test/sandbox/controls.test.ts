/**
 * The sandbox's own controls, as a newcomer uses them in the browser: "Expire now" on the
 * checkout page (expiry can be tried without waiting 30 minutes), human expiry times, and the
 * controls page that shows the coupons and resets them (or everything).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim, submitCheckoutForm } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function fundLink(amount: number): Promise<{ session_id: string; payment_url: string }> {
  const res = await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount });
  expect(res.status).toBe(200);
  return res.body.data;
}

const redeem = (code: string) => h.call('POST', '/wallet/coupons/redeem', { coupon_code: code });

describe('checkout page', () => {
  it('says when the link expires in words people read, not an ISO string', async () => {
    h = await startSim({ clock: new ManualClock(Date.parse('2026-12-01T06:43:02.068Z')) });
    const link = await fundLink(50);
    const html = await (await fetch(link.payment_url)).text();
    expect(html).toContain('Expires 2 Dec, 06:43 UTC');
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('writes the year when the link expires in another year', async () => {
    h = await startSim({ clock: new ManualClock(Date.parse('2026-12-31T20:00:00Z')) });
    const html = await (await fetch((await fundLink(20)).payment_url)).text();
    expect(html).toContain('Expires 1 Jan 2027, 20:00 UTC');
  });

  it('Expire now ends an open session at once: the page and confirm-checkout say expired, Pay is refused', async () => {
    h = await startSim();
    const link = await fundLink(30);
    const expired = await submitCheckoutForm(link.payment_url, 'expire');
    expect(expired.status).toBe(200);
    expect(expired.html).toContain('This checkout session has expired');
    expect(h.sim.state.session(link.session_id)?.status).toBe('expired');

    const confirm = await h.call('POST', '/wallet/confirm-checkout', { session_id: link.session_id });
    expect(confirm.status).toBe(410);
    expect(confirm.body.error.code).toBe('checkout_expired');
    const page = await fetch(link.payment_url);
    expect(page.status).toBe(410);
    const pay = await fetch(`${link.payment_url}/pay`, { method: 'POST' });
    expect(pay.status).toBe(410);
    expect(h.sim.state.balance()).toBe(42.5);
  });

  it('Expire now on a paid session changes nothing: it stays paid and confirmable', async () => {
    h = await startSim();
    const link = await fundLink(30);
    await submitCheckoutForm(link.payment_url, 'pay');
    const after = await fetch(`${link.payment_url}/expire`, { method: 'POST' });
    expect(await after.text()).toContain('Payment received');
    const confirm = await h.call('POST', '/wallet/confirm-checkout', { session_id: link.session_id });
    expect(confirm.status).toBe(200);
    expect(h.sim.state.balance()).toBe(72.5);
  });

  it('Expire now is a POST: a GET (a link preview, a prefetch) does not expire anything', async () => {
    h = await startSim();
    const link = await fundLink(30);
    expect((await fetch(`${link.payment_url}/expire`)).status).toBe(405);
    expect(h.sim.state.session(link.session_id)?.status).toBe('open');
  });
});

describe('controls page', () => {
  it('shows each coupon and whether it is usable; Reset coupons makes WELCOME10 usable again', async () => {
    h = await startSim();
    expect((await redeem('WELCOME10')).status).toBe(200);
    expect((await redeem('WELCOME10')).body.error.code).toBe('coupon_used');

    const page = await (await fetch(`${h.url}/_control`)).text();
    for (const code of ['WELCOME10', 'BONUS20', 'EXPIRED5', 'USED15']) expect(page).toContain(code);
    expect(page).toMatch(/data-coupon="WELCOME10">.*already used/);

    const reset = await submitCheckoutForm(`${h.url}/_control`, 'reset-coupons');
    expect(reset.status).toBe(200);
    expect(reset.html).toContain('Coupons reset');
    expect(reset.html).toMatch(/data-coupon="WELCOME10">.*usable until/);
    expect((await redeem('WELCOME10')).status).toBe(200);
    // The wallet keeps both credits: a reset is about the codes, not the money already booked.
    expect(h.sim.state.balance()).toBe(62.5);
  });

  it('a script resets coupons with POST /_control/reset-coupons and gets JSON', async () => {
    h = await startSim();
    await redeem('WELCOME10');
    const res = await fetch(`${h.url}/_control/reset-coupons`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: 'coupons' });
    expect((await redeem('WELCOME10')).status).toBe(200);
  });

  it('Reset everything goes back to the seed data and forgets sessions', async () => {
    h = await startSim();
    const link = await fundLink(40);
    await redeem('WELCOME10');
    const reset = await submitCheckoutForm(`${h.url}/_control`, 'reset-all');
    expect(reset.html).toContain('Everything reset');
    expect(h.sim.state.balance()).toBe(42.5);
    expect(h.sim.state.session(link.session_id)).toBeUndefined();
  });

  it('lists open checkout sessions with a link to their page', async () => {
    h = await startSim();
    const link = await fundLink(12);
    const page = await (await fetch(`${h.url}/_control`)).text();
    expect(page).toContain(`href="./checkout/${link.session_id}"`);
    expect(page).toContain('Kept in memory');
  });

  it("the simulator's root address leads to the controls page", async () => {
    h = await startSim();
    const res = await fetch(`${h.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${h.url}/_control`);
    expect(await (await fetch(`${h.url}/`)).text()).toContain('Sandbox controls');
  });

  it('resets are POSTs only', async () => {
    h = await startSim();
    await redeem('WELCOME10');
    expect((await fetch(`${h.url}/_control/reset-coupons`)).status).toBe(405);
    expect((await redeem('WELCOME10')).body.error.code).toBe('coupon_used');
  });
});
