/**
 * Charge card on file when the card does not simply pay: a decline, 3-D Secure, a pending charge
 * settled (or failed) and followed by the sweep within the spare budget, at most once a minute.
 * Through the engine on the real parts and the simulator's card behaviours.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { MessageRef } from '../../src/core/shared/types.ts';
import { type ChargeSpy, chargeSpy } from './card-charge-support.ts';
import { alice, bob } from './harness.ts';
import { live } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
const envs: Live[] = [];
afterEach(async () => {
  for (const env of envs.splice(0)) await env.close();
});

async function env(spy: ChargeSpy = chargeSpy()) {
  const made = await live({ watcher: 'on-demand', wrapBilling: spy.wrap });
  envs.push(made);
  return made;
}

async function approvedTopUp(e: Live, amount = '50') {
  await e.command(alice, 'fund', amount);
  const id = e.lastRequestId();
  await e.click(bob, 'approve', id);
  const card = (await e.stores.requests.get(id))!.card!;
  const linkDm = e.messenger.dmsTo(alice.id).findLast((d) => d.kind === 'dm')!.ref!;
  return { id, card, linkDm };
}

/**
 * A status check spends spare budget only (a full bucket of 3): right after the link and the
 * charge it is not spare yet, and the sweep leaves the check for later. Sweep until one was made.
 */
async function sweepUntilChecked(e: Live, spy: ChargeSpy, checks: number) {
  await e.waitFor(async () => {
    await e.engine.sweep();
    return spy.calls.filter((c) => c === 'paymentStatus').length >= checks;
  }, 'a status check');
}

/** Long enough for the bucket to be full again (600 a minute in tests). */
const spareAgain = () => new Promise((r) => setTimeout(r, 500));

const labels = (r: Reply | undefined) => (r?.buttons ?? []).map((b) => b.label);
const receipts = (e: Live, card: MessageRef) =>
  e.messenger.threadPosts(card).filter((p) => p.reply.title?.startsWith('Receipt'));

describe('the card does not simply pay', () => {
  it('declined: the approver hears why, the card shows it, the button stays for another card', async () => {
    const e = await env();
    e.sim.controls.addCard('declines', { makeDefault: true });
    const before = e.sim.state.balance();
    const { id, card, linkDm } = await approvedTopUp(e);
    expect(labels(e.messenger.latest(card))).toEqual(['Charge card on file ••9995', 'Cancel']);
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toBe(
      'The card ••9995 was declined (insufficient funds). The checkout link still works; to try another card, make it the default in /ml cards first.',
    );
    expect(answer?.ephemeral).toBe(true);
    expect(e.sim.state.balance()).toBe(before);
    expect(await e.stateOf(id)).toBe('awaiting_payment');
    const shown = e.messenger.latest(card)!;
    expect(shown.text).toContain('The card visa ••9995 was declined (insufficient funds) when ⟦user:U-bob⟧ tried it.');
    expect(labels(shown)).toEqual(['Charge card on file ••9995', 'Cancel']);
    // The payer's link is untouched: it is still the way to pay.
    expect(labels(e.messenger.latest(linkDm))).toContain('Pay $50.00');

    // Another card is made the default: the next click charges it, with a new key.
    await e.billing.setDefaultCard('pm_1SeedVisa4242', 'def-1');
    const [second] = await e.click(bob, 'charge_card', id);
    expect(second?.text).toContain('Charged $50.00 to the card on file visa ••4242');
    const request = (await e.stores.requests.get(id))!;
    expect(request.charges?.map((c) => [c.idempotencyKey, c.outcome])).toEqual([
      [`charge-${id}-1`, 'declined'],
      [`charge-${id}-2`, 'succeeded'],
    ]);
    expect(e.sim.state.balance()).toBe(before + 50);
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('3-D Secure: nothing charged, the checkout link is the way, the button stays', async () => {
    const e = await env();
    e.sim.controls.addCard('requires_action', { makeDefault: true });
    const before = e.sim.state.balance();
    const { id, card } = await approvedTopUp(e);
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('3-D Secure');
    expect(answer?.text).toContain('nothing was charged');
    expect(answer?.text).toContain('The checkout link sent to ⟦user:U-alice⟧ by DM is the way to pay.');
    expect(e.sim.state.balance()).toBe(before);
    const shown = e.messenger.latest(card)!;
    expect(shown.text).toContain('the bank wants the cardholder to confirm (3-D Secure)');
    expect(labels(shown)).toEqual(['Charge card on file ••3184', 'Cancel']);
    // No secret of the bank's step reaches the store, the audit or a message.
    const request = (await e.stores.requests.get(id))!;
    expect(JSON.stringify(request)).not.toMatch(/secret/i);
    expect(JSON.stringify(await e.stores.audit.list(0))).not.toMatch(/secret/i);
    expect(JSON.stringify(e.messenger.log)).not.toMatch(/_secret_/);
  });
});

describe('a pending charge', () => {
  it('shows as pending, then the sweep follows it to succeeded: paid, one receipt, one credit', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    e.sim.controls.addCard('pending', { makeDefault: true });
    const before = e.sim.state.balance();
    const { id, card, linkDm } = await approvedTopUp(e);
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('The charge of $50.00 on the card ••0259 is pending at the bank.');
    const shown = e.messenger.latest(card)!;
    expect(shown.text).toContain('Card charge of $50.00 on ••0259 pending');
    expect(labels(shown)).toEqual(['Cancel']);
    expect(e.sim.state.balance()).toBe(before);
    const [again] = await e.click(bob, 'charge_card', id);
    expect(again?.text).toContain('already in progress');

    const paymentId = (await e.stores.requests.get(id))!.charges![0]!.paymentId!;
    e.sim.controls.settlePayment(paymentId, 'succeeded');
    await sweepUntilChecked(e, spy, 1);
    expect(spy.calls.filter((c) => c === 'paymentStatus')).toHaveLength(1);
    expect(await e.stateOf(id)).toBe('paid');
    expect(e.sim.state.balance()).toBe(before + 50);
    expect(e.sim.state.cardCredits()).toBe(1);
    expect(receipts(e, card)).toHaveLength(1);
    expect(receipts(e, card)[0]!.reply.text).toContain('Charged to the card on file visa ••0259 by ⟦user:U-bob⟧.');
    expect(e.messenger.latest(card)?.text).toContain('Paid with the card on file visa ••0259');
    // The settled charge came with no balance: the receipt read it, not "not reported".
    const balance = `$${e.sim.state.balance().toFixed(2)}`;
    expect(receipts(e, card)[0]!.reply.fields?.find((f) => f.label === 'New balance')?.value).toBe(balance);
    expect(e.messenger.latest(linkDm)?.title).toBe('Paid by card · $50.00');
    await e.engine.sweep();
    expect(receipts(e, card)).toHaveLength(1);
    expect(spy.keys()).toEqual([`charge-${id}-1`]);
  });

  it('is checked at most once a minute, and a failed one is told like a decline', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    e.sim.controls.addCard('pending', { makeDefault: true });
    const { id, card } = await approvedTopUp(e);
    await e.click(bob, 'charge_card', id);
    await sweepUntilChecked(e, spy, 1); // still pending at the bank
    await spareAgain();
    await e.engine.sweep(); // within the minute: not asked again, budget or not
    expect(spy.calls.filter((c) => c === 'paymentStatus')).toHaveLength(1);
    expect(await e.stateOf(id)).toBe('awaiting_payment');

    // The next check, a minute later, hears it failed.
    const request = (await e.stores.requests.get(id))!;
    request.charges![0]!.lastCheckedAt = Date.now() - 61_000;
    await e.stores.requests.put(request);
    e.sim.controls.settlePayment(request.charges![0]!.paymentId!, 'failed');
    await sweepUntilChecked(e, spy, 2);
    expect(spy.calls.filter((c) => c === 'paymentStatus')).toHaveLength(2);
    const shown = e.messenger.latest(card)!;
    expect(shown.text).toContain('did not go through (the bank did not settle it)');
    expect(labels(shown)).toEqual(['Charge card on file ••0259', 'Cancel']);
    expect(await e.stateOf(id)).toBe('awaiting_payment');
  });
});
