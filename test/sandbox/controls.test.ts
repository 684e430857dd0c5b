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

describe('controls page with several accounts', () => {
  const link = async (token: string, amount: number) =>
    (await h.call('POST', '/billing/payment-link', { purpose: 'fund', amount }, { token })).body.data as {
      session_id: string;
      payment_url: string;
    };
  const section = (html: string, name: string) => {
    const start = html.indexOf(`<section data-account="${name}">`);
    expect(start, `section of ${name}`).toBeGreaterThanOrEqual(0);
    return html.slice(start, html.indexOf('</section>', start));
  };
  const controls = async () => (await fetch(`${h.url}/_control`)).text();

  it('lists every account with its balance and open sessions', async () => {
    h = await startSim();
    await link('sandbox-acme', 25);
    await link('sandbox-acme', 30);
    h.sim.controls.setBalance(7, 'globex');
    const html = await controls();
    expect(html).toMatch(
      /data-account-row="token"><td>.*<\/td><td data-testid="account-balance">\$42\.50<\/td><td data-testid="account-open">0</,
    );
    expect(html).toMatch(
      /data-account-row="acme"><td>.*<\/td><td data-testid="account-balance">\$42\.50<\/td><td data-testid="account-open">2</,
    );
    expect(html).toMatch(
      /data-account-row="globex"><td>.*<\/td><td data-testid="account-balance">\$7\.00<\/td><td data-testid="account-open">0</,
    );
    expect(section(html, 'acme')).toContain('sandbox-acme');
    expect(section(html, 'globex')).toContain('<strong data-testid="balance">$7.00</strong>');
  });

  it("Pay and Expire now on the page act on the session's own account", async () => {
    h = await startSim();
    const acme = await link('sandbox-acme', 25);
    const globex = await link('sandbox-globex', 40);
    const html = await controls();
    const pay = /<form method="post" action="([^"]+)"><button[^>]*data-testid="pay-session"/.exec(
      section(html, 'globex'),
    );
    expect(pay?.[1]).toBe(`./_control/pay/${globex.session_id}`);
    const paid = await fetch(new URL(pay?.[1] ?? '', `${h.url}/_control`), { method: 'POST' });
    expect(paid.status).toBe(200); // followed the 303 back to the page
    expect(await paid.text()).toContain('Session paid');
    expect(h.sim.state.session(globex.session_id)?.paymentStatus).toBe('paid');
    expect(h.sim.state.session(acme.session_id)?.paymentStatus).toBe('unpaid');
    const confirmed = await h.call(
      'POST',
      '/wallet/confirm-checkout',
      { session_id: globex.session_id },
      { token: 'sandbox-globex' },
    );
    expect(confirmed.body.data.balance).toBe(82.5);
    expect(h.sim.state.balance('acme')).toBe(42.5);

    const expired = await fetch(`${h.url}/_control/expire/${acme.session_id}`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(await expired.json()).toEqual({
      session_id: acme.session_id,
      account: 'acme',
      status: 'expired',
      payment_status: 'unpaid',
    });
    expect((await fetch(`${h.url}/_control/pay/${acme.session_id}`, { method: 'POST' })).status).toBe(410);
    expect((await fetch(`${h.url}/_control/pay/cs_test_nope`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${h.url}/_control/pay/${acme.session_id}`)).status).toBe(405);
  });

  it("each session's checkout page works whichever account made it", async () => {
    h = await startSim();
    const acme = await link('sandbox-acme', 25);
    const paid = await submitCheckoutForm(acme.payment_url, 'pay');
    expect(paid.html).toContain('Payment received');
    expect(h.sim.state.sessionAccount(acme.session_id)).toBe('acme');
    expect(h.sim.state.session(acme.session_id)?.paymentStatus).toBe('paid');
  });

  it('Reset coupons of one account leaves the others; without an account it resets every one', async () => {
    h = await startSim();
    const redeemAs = (token: string) =>
      h.call('POST', '/wallet/coupons/redeem', { coupon_code: 'WELCOME10' }, { token });
    await redeemAs('sandbox-acme');
    await redeemAs('sandbox-globex');
    const html = await controls();
    const form = /<form method="post" action="([^"]+)"><button[^>]*data-testid="reset-coupons"/.exec(
      section(html, 'acme'),
    );
    expect(form?.[1]).toBe('./_control/reset-coupons?account=acme');
    const reset = await fetch(`${h.url}/_control/reset-coupons?account=acme`, { method: 'POST' });
    expect(await reset.text()).toContain('Coupons reset');
    expect((await redeemAs('sandbox-acme')).status).toBe(200);
    expect((await redeemAs('sandbox-globex')).body.error.code).toBe('coupon_used');

    const all = await fetch(`${h.url}/_control/reset-coupons`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(await all.json()).toEqual({ reset: 'coupons' });
    expect((await redeemAs('sandbox-globex')).status).toBe(200);
    expect((await fetch(`${h.url}/_control/reset-coupons?account=nobody`, { method: 'POST' })).status).toBe(404);
  });

  it('Reset this account puts one account back to the seed; Reset everything forgets all but the original', async () => {
    h = await startSim();
    const acme = await link('sandbox-acme', 25);
    h.sim.controls.setBalance(1, 'globex');
    const res = await fetch(`${h.url}/_control/reset?account=globex`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(await res.json()).toEqual({ reset: 'everything', account: 'globex' });
    expect(h.sim.state.balance('globex')).toBe(42.5);
    expect(h.sim.state.session(acme.session_id)?.status).toBe('open');

    await submitCheckoutForm(`${h.url}/_control`, 'reset-all');
    expect(h.sim.state.accounts().map((a) => a.name)).toEqual(['token']);
    expect((await fetch(acme.payment_url)).status).toBe(404);
  });
});
