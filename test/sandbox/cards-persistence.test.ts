/**
 * The card records survive a restart of the simulator on its state file (version 3): cards with
 * their behaviours, payments (a pending one still settles after the restart, crediting once),
 * a decline's idempotent replay, a card set up by the Stripe.js stand-in and not attached yet, a
 * past_due subscription and edited billing details. The file never holds a card number or CVC.
 * Files written before (version 2, and version 1 in fixtures/state-v1.json) still load; their
 * cards succeed.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { type Harness, startSim } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-sim-cards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});
let n = 0;
const freshFile = () => {
  const file = join(dir, `case-${++n}`, 'mlbot-sandbox.json');
  mkdirSync(join(file, '..'), { recursive: true });
  return file;
};
async function sim(stateFile: string, clock: ManualClock, problems: string[] = []): Promise<Harness> {
  const h = await startSim({ stateFile, clock, billingPerMin: 1000, onProblem: (m) => problems.push(m) });
  open.push(h);
  return h;
}
const V1_FIXTURE = join(import.meta.dirname, 'fixtures', 'state-v1.json');

describe('card records across a restart', () => {
  it('keeps cards, payments, replays, set-up cards, past_due and billing details; a pending charge settles after it', async () => {
    const file = freshFile();
    const clock = new ManualClock(Date.parse('2026-12-01T10:00:00Z'));
    const first = await sim(file, clock);
    const pending = first.sim.controls.addCard('pending');
    const declining = first.sim.controls.addCard('declines', { makeDefault: true });
    const fund = await first.call(
      'POST',
      '/wallet/fund',
      { amount: 20, payment_method_id: pending.id },
      { key: 'p-1' },
    );
    expect(fund.body.data.status).toBe('pending');
    const declined = await first.call(
      'POST',
      '/wallet/fund',
      { amount: 15, payment_method_id: declining.id },
      { key: 'd-1' },
    );
    expect(declined.status).toBe(402);
    const intent = (await first.call('POST', '/billing/setup-intent', {})).body.data;
    const confirm = await fetch(`${first.url}/stripe/v1/setup_intents/${intent.setup_intent_id}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_secret: intent.client_secret,
        number: '4000002760003184',
        exp_month: 3,
        exp_year: 2031,
        cvc: '4719',
      }),
    });
    const setUp: string = ((await confirm.json()) as { payment_method: string }).payment_method;
    const subscription = first.sim.controls.pastDue();
    expect((await first.call('PUT', '/billing/info', { name: 'Kept GmbH', address: { country: 'at' } })).status).toBe(
      200,
    );
    const cardsBefore = first.sim.state.cards();
    const paymentsBefore = first.sim.state.payments();
    const balanceBefore = first.sim.state.balance();
    await first.close();
    open.length = 0;

    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).version).toBe(3);
    for (const secret of ['4000002760003184', '4719']) expect(text).not.toContain(secret);

    const second = await sim(file, clock);
    expect(second.sim.state.cards()).toEqual(cardsBefore);
    expect(second.sim.state.payments()).toEqual(paymentsBefore);
    expect(second.sim.state.subscriptionStatus(subscription)).toBe('past_due');
    expect(second.sim.state.billingInfo()).toMatchObject({ name: 'Kept GmbH', address: { country: 'AT' } });
    const replay = await second.call(
      'POST',
      '/wallet/fund',
      { amount: 15, payment_method_id: declining.id },
      { key: 'd-1' },
    );
    expect(replay.status).toBe(402);
    expect(replay.body.meta.idempotency_replay).toBe(true);
    expect(replay.body.error).toEqual(declined.body.error);

    const attached = await second.call('POST', '/billing/payment-methods', { payment_method_id: setUp });
    expect(attached.body.data).toMatchObject({ id: setUp, brand: 'visa', last4: '3184', exp_month: 3, exp_year: 2031 });
    expect(second.sim.state.cards().find((c) => c.id === setUp)?.behaviour).toBe('requires_action');

    expect(second.sim.state.balance()).toBe(balanceBefore);
    await clock.advance(30_000);
    const status = await second.call('GET', `/payments/${fund.body.data.payment_intent_id}/status`);
    expect(status.body.data.status).toBe('succeeded');
    expect(second.sim.state.balance()).toBe(balanceBefore + 20);
    expect(second.sim.state.cardCredits()).toBe(1);
  });
});

describe('state files written before cards had behaviours', () => {
  it('a version 2 file loads: its cards succeed, and cards can be set up and charged after it', async () => {
    const v1 = JSON.parse(readFileSync(V1_FIXTURE, 'utf8')) as Record<string, unknown>;
    const { version: _version, ...account } = v1;
    const file = freshFile();
    writeFileSync(file, JSON.stringify({ version: 2, original: 'token', accounts: [{ name: 'token', ...account }] }));
    const problems: string[] = [];
    const h = await sim(file, new ManualClock(Date.parse('2026-12-01T10:05:00Z')), problems);
    expect(problems).toEqual([]);
    expect(h.sim.state.balance()).toBe(52.5);
    expect(h.sim.state.cards().map((c) => `${c.last4} ${c.behaviour}`)).toEqual(['4242 succeeds', '4444 succeeds']);
    const charged = await h.call('POST', '/wallet/fund', { amount: 10, payment_method_id: 'pm_1SeedMc4444' });
    expect(charged.body.data).toMatchObject({ status: 'succeeded', balance: 62.5 });
    const intent = (await h.call('POST', '/billing/setup-intent', {})).body.data;
    expect(intent.status).toBe('requires_payment_method');
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(3);
  });

  it('a version 1 file loads with succeeding cards too', async () => {
    const file = freshFile();
    copyFileSync(V1_FIXTURE, file);
    const problems: string[] = [];
    const h = await sim(file, new ManualClock(Date.parse('2026-12-01T10:05:00Z')), problems);
    expect(problems).toEqual([]);
    expect(h.sim.state.cards().every((c) => c.behaviour === 'succeeds')).toBe(true);
    expect(h.sim.state.payments().every((p) => ['succeeded', 'pending', 'failed'].includes(p.status))).toBe(true);
  });
});
