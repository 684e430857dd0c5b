/**
 * The sandbox controls page's card buttons, pressed as a browser presses them (the form's
 * relative action, POST, follow the 303 back) and called by a script (accept: application/json):
 * add a declining / 3-D Secure / pending card, make the subscription past due, settle pending
 * payments, for the original account or one named account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startSim } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim({ billingPerMin: 1000 });
});
afterAll(() => h.close());
beforeEach(() => h.sim.controls.reset());

const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));

/** Press the button `testId` in the section of `account` (the first section when left out). */
async function press(testId: string, account?: string): Promise<{ status: number; html: string }> {
  const pageUrl = `${h.url}/_control`;
  const html = await (await fetch(pageUrl)).text();
  const section = account === undefined ? html : html.slice(html.indexOf(`data-account="${account}"`));
  const form = new RegExp(
    `<form method="post" action="([^"]+)"><button[^>]*data-testid="${testId}"[^>]*>([^<]*)<`,
  ).exec(section);
  if (!form?.[1]) throw new Error(`no ${testId} button`);
  const res = await fetch(new URL(decode(form[1]), pageUrl), { method: 'POST' });
  return { status: res.status, html: await res.text() };
}

describe('the card buttons of the controls page', () => {
  it('shows the five buttons with their labels', async () => {
    const html = await (await fetch(`${h.url}/_control`)).text();
    for (const label of [
      'Add a declining card',
      'Add a 3-D Secure card',
      'Add a pending card',
      'Make the subscription past due',
      'Settle pending payments',
    ])
      expect(html).toContain(`>${label}</button>`);
  });

  it('each add-card button adds that card as the default, and the page says so', async () => {
    const pressed = await press('add-declining-card');
    expect(pressed.status).toBe(200);
    expect(pressed.html).toContain('Declining card added');
    expect(h.sim.state.cards().find((c) => c.isDefault)).toMatchObject({ last4: '9995', behaviour: 'declines' });
    await press('add-3ds-card');
    expect(h.sim.state.cards().find((c) => c.isDefault)?.behaviour).toBe('requires_action');
    const page = await press('add-pending-card');
    expect(h.sim.state.cards().find((c) => c.isDefault)?.behaviour).toBe('pending');
    expect(page.html).toContain('settles after 30 s');
    expect(h.sim.state.cards()).toHaveLength(5);
  });

  it('past due, then settling a pending payment by the button credits the wallet', async () => {
    await press('make-past-due');
    expect(h.sim.state.subscriptionStatus(501)).toBe('past_due');
    const card = h.sim.controls.addCard('pending');
    const fund = await h.call('POST', '/wallet/fund', { amount: 25, payment_method_id: card.id });
    const before = h.sim.state.balance();
    const settled = await press('settle-payments');
    expect(settled.html).toContain('Pending payments settled');
    const status = await h.call('GET', `/payments/${fund.body.data.payment_intent_id}/status`);
    expect(status.body.data.status).toBe('succeeded');
    expect(h.sim.state.balance()).toBe(before + 25);
  });

  it('in a named account the buttons act on that account only', async () => {
    h.sim.controls.account('acme');
    await press('add-declining-card', 'acme');
    await press('make-past-due', 'acme');
    expect(h.sim.state.cards('acme').find((c) => c.isDefault)?.behaviour).toBe('declines');
    expect(h.sim.state.subscriptionStatus(501, 'acme')).toBe('past_due');
    expect(h.sim.state.cards().map((c) => c.behaviour)).toEqual(['succeeds', 'succeeds']);
    expect(h.sim.state.subscriptionStatus(501)).toBe('active');
  });

  it('a script gets JSON; a bad behaviour or account is refused', async () => {
    h.sim.controls.account('globex');
    const json = { method: 'POST', headers: { accept: 'application/json' } };
    const added = await fetch(`${h.url}/_control/add-card?behaviour=pending&account=globex`, json);
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({
      done: 'add-card',
      account: 'globex',
      behaviour: 'pending',
      card: { last4: '0259' },
    });
    const due = await fetch(`${h.url}/_control/past-due?account=globex`, json);
    expect(await due.json()).toMatchObject({ subscription_id: 501 });
    expect((await fetch(`${h.url}/_control/add-card?behaviour=explodes`, json)).status).toBe(400);
    expect((await fetch(`${h.url}/_control/past-due?account=nobody`, json)).status).toBe(404);
    expect((await fetch(`${h.url}/_control/settle-payments`)).status).toBe(405);
  });
});
