/**
 * Charge card on file, through the engine on the real parts: the ModelsLab simulator over HTTP,
 * the real billing client behind the budget, createBot's wiring, real stores. Only the chat
 * platform is recorded. What an approver trusted with the team's card would check: the offer
 * comes after the link, only approvers charge, one credit per attempt across lost answers and
 * restarts, one receipt that says how it was paid, and the payer told not to pay the link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { payPageState } from '../../src/core/requests/pay-page-state.ts';
import type { Policy } from '../../src/core/shared/policy.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { MessageRef } from '../../src/core/shared/types.ts';
import { RecordingMessenger, textOf } from '../support/recording-messenger.ts';
import { en } from '../support/texts.ts';
import { type ChargeSpy, chargeSpy } from './card-charge-support.ts';
import { alice, bob, carol, mallory } from './harness.ts';
import { live, startSim } from './live.ts';

type Live = Awaited<ReturnType<typeof live>>;
const envs: Live[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const env of envs.splice(0)) await env.close();
  for (const stop of stops.splice(0)) await stop();
});
const dir = mkdtempSync(join(tmpdir(), 'mlbot-charge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function env(spy: ChargeSpy = chargeSpy(), policy: Partial<Policy> = {}) {
  const made = await live({ watcher: 'on-demand', wrapBilling: spy.wrap, policy });
  envs.push(made);
  made.messenger.beforeSend = (kind) => {
    if (kind === 'dm') spy.calls.push('dm');
  };
  return made;
}

function sessionOf(reply: Reply | undefined): string {
  const b = reply?.buttons?.find((x) => x.kind === 'link');
  return b?.kind === 'link' ? (b.url.split('/checkout/')[1] ?? '') : '';
}

async function approvedTopUp(e: Live, amount = '50', approvers = [bob]) {
  await e.command(alice, 'fund', amount);
  const id = e.lastRequestId();
  for (const a of approvers) await e.click(a, 'approve', id);
  const card = e.messenger.channelPosts().find((p) => p.kind === 'post' && p.reply.context?.includes(`Request ${id}`))!;
  const linkDm = e.messenger.dmsTo(alice.id).findLast((d) => d.kind === 'dm')!;
  return { id, card: card.ref!, linkDm: linkDm.ref!, session: sessionOf(linkDm.reply) };
}

const labels = (r: Reply | undefined) => (r?.buttons ?? []).map((b) => b.label);
const receipts = (e: Live, card: MessageRef) =>
  e.messenger.threadPosts(card).filter((p) => p.reply.title?.startsWith('Receipt'));

describe('the offer', () => {
  it("appears on the card after the link was created and DM'd, for approvers to charge ••4242", async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const { id, card } = await approvedTopUp(e);
    const shown = e.messenger.latest(card);
    expect(labels(shown)).toEqual(['Charge card on file ••4242', 'Cancel']);
    const button = shown?.buttons?.find((b) => b.kind === 'action' && b.action === 'charge_card');
    expect(button?.kind === 'action' && button.value).toBe(id);
    // Looked up once, and only after the link existed and its DM went out.
    expect(spy.calls.filter((c) => c !== 'paymentStatus')).toEqual(['createPaymentLink', 'dm', 'listCards']);
    const request = (await e.stores.requests.get(id))!;
    expect(request.cardOffer).toEqual({ paymentMethodId: 'pm_1SeedVisa4242', brand: 'visa', last4: '4242' });
    // The payment URL stays in the payer's DM.
    expect(textOf(shown!)).not.toContain('/checkout/');
  });

  it('is not there when the account has no default card', async () => {
    const e = await env();
    await e.billing.removeCard('pm_1SeedVisa4242', 'rm-1');
    await e.billing.removeCard('pm_1SeedMc4444', 'rm-2');
    const { id, card } = await approvedTopUp(e);
    expect(labels(e.messenger.latest(card))).toEqual(['Cancel']);
    expect((await e.stores.requests.get(id))?.cardOffer).toBeNull();
  });

  it('a default changed in /ml cards shows on the next offer at once, not a minute later', async () => {
    const e = await env();
    await approvedTopUp(e); // the offer cached ••4242 for a minute
    const buttonValueOf = (r: Reply | undefined, label: string) => {
      const b = r?.buttons?.find((x) => x.label === label);
      return b?.kind === 'action' ? b.value : '';
    };
    const [list] = await e.command(bob, 'ml', 'cards');
    const [step] = await e.click(bob, 'card_manage', buttonValueOf(list, 'Make default mastercard ••4444'));
    await e.click(bob, 'card_confirm', buttonValueOf(step, 'Confirm'));
    const { card } = await approvedTopUp(e, '60');
    expect(labels(e.messenger.latest(card))).toEqual(['Charge card on file ••4444', 'Cancel']);
  });

  it('a burst of approvals costs one card lookup (cached a minute)', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const first = await approvedTopUp(e, '20');
    const second = await approvedTopUp(e, '30');
    expect(spy.calls.filter((c) => c === 'listCards')).toHaveLength(1);
    for (const r of [first, second]) expect(labels(e.messenger.latest(r.card))).toContain('Charge card on file ••4242');
  });

  it('a failed lookup never holds the link, and is not retried within the minute', async () => {
    const spy = chargeSpy();
    spy.failListCards = 1;
    const e = await env(spy);
    const { id, card, session } = await approvedTopUp(e);
    expect(session).toMatch(/^cs_test_/);
    expect(await e.stateOf(id)).toBe('awaiting_payment');
    expect(labels(e.messenger.latest(card))).toEqual(['Cancel']);
    const request = (await e.stores.requests.get(id))!;
    expect(request.cardOffer).toBeUndefined();
    expect(request.cardOfferCheckedAt).toBeTypeOf('number');
    await e.engine.sweep();
    expect(spy.calls.filter((c) => c === 'listCards')).toHaveLength(1);
    expect(e.logger.lines.some((l) => l.includes('could not look up the default saved card'))).toBe(true);
  });
});

describe('the click', () => {
  it('a non-approver is refused with the rule, and nothing is charged', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card } = await approvedTopUp(e);
    const [answer] = await e.click(mallory, 'charge_card', id);
    expect(answer?.text).toBe('Only approvers can charge the card on file.');
    expect(answer?.ephemeral).toBe(true);
    expect(spy.keys()).toEqual([]);
    expect(e.sim.state.balance()).toBe(before);
    expect((await e.stores.requests.get(id))?.charges).toBeUndefined();
    expect(labels(e.messenger.latest(card))).toEqual(['Charge card on file ••4242', 'Cancel']);
  });

  it('succeeded: paid, one receipt saying the card, the payer told not to pay the link, credited once', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card, linkDm } = await approvedTopUp(e);
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toBe(
      `Charged $50.00 to the card on file visa ••4242. Request ${id} is paid. The receipt is in the thread.`,
    );
    expect(spy.keys()).toEqual([`charge-${id}-1`]);
    expect(e.sim.state.balance()).toBe(before + 50);
    expect(await e.stateOf(id)).toBe('paid');

    const cardNow = e.messenger.latest(card)!;
    expect(cardNow.text).toContain('Paid with the card on file visa ••4242 by ⟦user:U-bob⟧');
    expect(labels(cardNow)).toEqual([]);
    const posted = receipts(e, card);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.reply.text).toContain('Charged to the card on file visa ••4242 by ⟦user:U-bob⟧.');
    expect(textOf(posted[0]!.reply)).toContain('$50.00');

    const dm = e.messenger.latest(linkDm)!;
    expect(dm.title).toBe('Paid by card · $50.00');
    expect(dm.text).toContain('no longer needed');
    expect(dm.text).toContain('a second payment');
    expect(dm.buttons ?? []).toEqual([]);

    const audit = (await e.stores.audit.list(0)).filter((a) => a.requestId === id);
    expect(audit.map((a) => a.detail ?? '').filter((d) => d.startsWith('card charge'))).toEqual([
      'card charge 1 of 5000 cents started on visa ••4242',
      expect.stringMatching(/^card charge 1 \(visa ••4242\): succeeded/),
    ]);
    expect(audit.at(-1)).toMatchObject({ from: 'awaiting_payment', to: 'paid', actor: { id: bob.id } });

    // The tracked pay link, opened now, does not take the money a second time.
    const paid = (await e.stores.requests.get(id))!;
    const page = payPageState(en, paid, paid.attempts[0]!, Date.now());
    expect(page.kind).toBe('paid');
    expect(page.redirectTo).toBeUndefined();
    expect(page.lines[0]).toContain('was made with the card on file visa ••4242');

    // A second click (a stale card) charges nothing.
    const [again] = await e.click(carol, 'charge_card', id);
    expect(again?.text).toBe(`Request ${id} is already paid.`);
    expect(spy.keys()).toHaveLength(1);
    // The sweep owes nothing more: no second receipt.
    await e.engine.sweep();
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('the payer pays the link too: a double payment, credited and receipted as such', async () => {
    const e = await env();
    const before = e.sim.state.balance();
    const { id, card, session } = await approvedTopUp(e);
    await e.click(bob, 'charge_card', id);
    e.sim.controls.markPaid(session);
    await e.onDemand.pollAll();
    expect(e.sim.state.creditsFor(session)).toBe(1);
    expect(e.sim.state.balance()).toBe(before + 100);
    const posted = receipts(e, card);
    expect(posted).toHaveLength(2);
    expect(posted[1]!.reply.title).toBe('Receipt · double payment · $50.00');
    expect(posted[1]!.reply.text).toContain(
      `paid the checkout link of request ${id} after it had been charged to the card on file visa ••4242 by ⟦user:U-bob⟧`,
    );
    expect(posted[1]!.reply.text).toContain('ModelsLab has no refund endpoint');
    expect(e.messenger.latest(card)?.text).toContain('Paid 2 times (a double payment)');
    const late = e.messenger
      .dmsTo(alice.id)
      .filter((d) => d.kind === 'dm')
      .at(-1)!;
    expect(late.reply.title).toBe('Second payment received · $50.00');
    expect(late.reply.text).toContain('had already been paid with the card on file visa ••4242');
  });

  it('two approvers clicking at once make one charge', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card } = await approvedTopUp(e);
    const [a, b] = await Promise.all([e.click(bob, 'charge_card', id), e.click(carol, 'charge_card', id)]);
    expect(spy.keys()).toEqual([`charge-${id}-1`]);
    expect(e.sim.state.balance()).toBe(before + 50);
    const texts = [a[0]?.text, b[0]?.text];
    expect(texts.filter((t) => t?.startsWith('Charged $50.00'))).toHaveLength(1);
    expect(texts).toContain(`Request ${id} is already paid.`);
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('a click before the link exists is refused (the button is not offered then)', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    await e.command(alice, 'fund', '50');
    const id = e.lastRequestId();
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain(`Request ${id} is Awaiting approval`);
    expect(spy.keys()).toEqual([]);
  });

  it('the requester, even an approver, may not charge their own top-up', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    await e.command(bob, 'fund', '50');
    const id = e.lastRequestId();
    await e.click(carol, 'approve', id);
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toBe('You asked for this top-up, so another approver has to charge the card on file.');
    expect(spy.keys()).toEqual([]);
  });

  it('no default card any more at the click: says so, charges nothing, and the button goes', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const { id, card } = await approvedTopUp(e);
    await e.billing.removeCard('pm_1SeedVisa4242', 'rm-1');
    await e.billing.removeCard('pm_1SeedMc4444', 'rm-2');
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('no default saved card any more, so nothing was charged');
    expect(spy.keys()).toEqual([]);
    expect(labels(e.messenger.latest(card))).toEqual(['Cancel']);
  });

  it('the default changed since the offer: the current default is charged, and named', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const { id, card } = await approvedTopUp(e);
    await e.billing.setDefaultCard('pm_1SeedMc4444', 'def-1');
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('to the card on file mastercard ••4444');
    expect(receipts(e, card)[0]!.reply.text).toContain('Charged to the card on file mastercard ••4444 by');
  });
});

describe('two-person approval', () => {
  const policy = { secondApprovalThresholdCents: 10_000 };
  it('no button until both approvals are in; then either approver charges once', async () => {
    const spy = chargeSpy();
    const e = await env(spy, policy);
    await e.command(alice, 'fund', '150');
    const id = e.lastRequestId();
    await e.click(bob, 'approve', id);
    const card = (await e.stores.requests.get(id))!.card!;
    expect(labels(e.messenger.latest(card))).not.toContain('Charge card on file ••4242');
    const [early] = await e.click(carol, 'charge_card', id);
    expect(early?.text).toContain('Awaiting approval');
    expect(spy.keys()).toEqual([]);

    await e.click(carol, 'approve', id);
    expect(labels(e.messenger.latest(card))).toEqual(['Charge card on file ••4242', 'Cancel']);
    const request = (await e.stores.requests.get(id))!;
    expect(request.approvals?.map((a) => a.by.id)).toEqual([bob.id, carol.id]);
    const before = e.sim.state.balance();
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('Charged $150.00');
    expect(e.sim.state.balance()).toBe(before + 150);
  });
});

describe('a lost answer: exactly one credit per attempt', () => {
  it('the charge reached ModelsLab but its answer was lost: the sweep replays the same key', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card } = await approvedTopUp(e);
    spy.loseNextAnswer = true;
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('did not answer the charge of $50.00');
    expect(e.sim.state.balance()).toBe(before + 50); // ModelsLab did charge
    const pending = (await e.stores.requests.get(id))!;
    expect(pending.state).toBe('awaiting_payment');
    expect(pending.charges?.[0]?.outcome).toBeUndefined();
    expect(e.messenger.latest(card)?.text).toContain('is charging $50.00 to the card on file visa ••4242');
    expect(labels(e.messenger.latest(card))).toEqual(['Cancel']);
    const [second] = await e.click(carol, 'charge_card', id);
    expect(second?.text).toContain('already in progress (started by ⟦user:U-bob⟧)');

    await e.engine.sweep();
    expect(spy.keys()).toEqual([`charge-${id}-1`, `charge-${id}-1`]);
    expect(e.sim.state.balance()).toBe(before + 50);
    expect(await e.stateOf(id)).toBe('paid');
    expect(receipts(e, card)).toHaveLength(1);
    // A Cancel from the stale card says how it was paid.
    const [cancel] = await e.click(alice, 'cancel', id);
    expect(cancel?.text).toBe(
      `Request ${id} is already in state: Paid with the card on file visa ••4242, charged by ⟦user:U-bob⟧ (approved by ⟦user:U-bob⟧). Nothing changed.`,
    );
    await e.engine.sweep();
    expect(spy.keys()).toHaveLength(2);
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('the payer pays the link while the charge is unanswered: the replay succeeds, and its receipt says double payment', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card, session } = await approvedTopUp(e);
    spy.loseNextAnswer = true;
    await e.click(bob, 'charge_card', id);
    e.sim.controls.markPaid(session);
    // The paid link drives the request, and that drive replays the unanswered charge with its key.
    await e.onDemand.pollAll();
    expect(await e.stateOf(id)).toBe('paid');
    expect(spy.keys()).toEqual([`charge-${id}-1`, `charge-${id}-1`]);
    expect(e.sim.state.balance()).toBe(before + 100);
    const posted = receipts(e, card);
    expect(posted.map((r) => r.reply.title)).toEqual(['Receipt · $50.00', 'Receipt · double payment · $50.00']);
    expect(posted[1]!.reply.text).toContain(
      `request ${id} was charged to the card on file visa ••4242 by ⟦user:U-bob⟧ after ⟦user:U-alice⟧ had paid its checkout link`,
    );
    expect(posted[1]!.reply.text).toContain('ModelsLab has no refund endpoint');
    expect(e.messenger.latest(card)?.text).toContain('Paid 2 times (a double payment)');
    await e.engine.sweep();
    expect(receipts(e, card)).toHaveLength(2);
  });

  it("a 429 after ModelsLab applied the charge is not taken for 'not sent': replayed with the key, one credit", async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card } = await approvedTopUp(e);
    spy.rateLimitAfterApply = true;
    await e.click(bob, 'charge_card', id);
    expect(e.sim.state.balance()).toBe(before + 50); // applied
    expect((await e.stores.requests.get(id))!.charges?.[0]?.outcome).toBeUndefined();
    expect(labels(e.messenger.latest(card))).toEqual(['Cancel']); // no second charge offered
    await e.engine.sweep();
    expect(spy.keys()).toEqual([`charge-${id}-1`, `charge-${id}-1`]);
    expect(await e.stateOf(id)).toBe('paid');
    expect(e.sim.state.balance()).toBe(before + 50);
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('no answer within the replay window: never sent again (its key may be gone); the card says to check', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const { id, card } = await approvedTopUp(e);
    spy.loseNextAnswer = true;
    await e.click(bob, 'charge_card', id);
    // A day of outages later: the attempt is older than the window (23 h), unanswered all along.
    const stored = (await e.stores.requests.get(id))!;
    const charge = stored.charges![0]!;
    Object.assign(charge, { startedAt: charge.startedAt - 23 * 60 * 60 * 1000 - 1 });
    await e.stores.requests.put(stored);
    await e.engine.sweep();
    expect(spy.keys()).toEqual([`charge-${id}-1`]); // the first send only: no replay
    const after = (await e.stores.requests.get(id))!;
    expect(after.charges?.[0]?.outcome).toBe('unknown');
    expect(after.state).toBe('awaiting_payment');
    const shown = e.messenger.latest(card);
    expect(shown?.text).toContain('ModelsLab never answered the charge of $50.00 on visa ••4242');
    expect(labels(shown)).toEqual(['Cancel']);
    const [again] = await e.click(carol, 'charge_card', id);
    expect(again?.text).toContain('is not charged again');
    expect(spy.keys()).toHaveLength(1);
    const [cancelled] = await e.click(carol, 'cancel', id);
    expect(cancelled?.text).not.toContain('cannot be cancelled yet');
    expect(await e.stateOf(id)).toBe('cancelled');
  });

  it('Cancel waits while a charge has no answer, so the card is never charged after a cancel', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const { id, card } = await approvedTopUp(e);
    spy.loseNextAnswer = true;
    await e.click(bob, 'charge_card', id);
    const [refused] = await e.click(carol, 'cancel', id);
    expect(refused?.text).toContain(`Request ${id} cannot be cancelled yet`);
    expect(refused?.text).toContain('$50.00 on the card on file visa ••4242');
    expect(await e.stateOf(id)).toBe('awaiting_payment');

    await e.engine.sweep(); // the replay answers: paid with the card
    expect(await e.stateOf(id)).toBe('paid');
    const [after] = await e.click(carol, 'cancel', id);
    expect(after?.text).not.toContain('cannot be cancelled yet');
    expect(await e.stateOf(id)).toBe('paid');
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('the process died after the charge: a new engine resumes and replays the same key', async () => {
    const storeUrl = `sqlite://${join(dir, 'charge-crash.sqlite')}`;
    const shared = await startSim();
    stops.push(() => shared.sim.stop());
    const messenger = new RecordingMessenger('slack');
    const spy = chargeSpy();
    const first = await live({ storeUrl, shared, messenger, watcher: 'on-demand', wrapBilling: spy.wrap });
    const before = shared.sim.state.balance();
    const { id, card } = await approvedTopUp(first);
    spy.loseNextAnswer = true;
    await first.click(bob, 'charge_card', id);
    await first.close();

    const second = await live({ storeUrl, shared, messenger, watcher: 'on-demand', wrapBilling: spy.wrap });
    envs.push(second);
    await second.engine.resume();
    expect(spy.keys()).toEqual([`charge-${id}-1`, `charge-${id}-1`]);
    expect(shared.sim.state.balance()).toBe(before + 50);
    expect(await second.stateOf(id)).toBe('paid');
    expect(receipts(second, card)).toHaveLength(1);
    expect(receipts(second, card)[0]!.reply.text).toContain('Charged to the card on file visa ••4242');
  });
});

describe('where the offer stands', () => {
  it('an expired link: the team still needs the money, so the card offers New link and the card on file', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const before = e.sim.state.balance();
    const { id, card, session } = await approvedTopUp(e);
    e.sim.controls.expire(session);
    await e.onDemand.pollAll();
    expect(await e.stateOf(id)).toBe('expired');
    expect(labels(e.messenger.latest(card))).toEqual(['New link', 'Charge card on file ••4242', 'Cancel']);
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('Charged $50.00');
    expect(await e.stateOf(id)).toBe('paid');
    expect(e.sim.state.balance()).toBe(before + 50);
    expect(receipts(e, card)).toHaveLength(1);
    const audit = await e.stores.audit.list(0);
    expect(audit.find((a) => a.requestId === id && a.to === 'paid')?.from).toBe('expired');
  });

  it('a subscribe request is never offered the card, and a forged click is refused', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    await e.command(alice, 'subscribe', 'Basic');
    const id = e.lastRequestId();
    await e.click(bob, 'approve', id);
    expect(await e.stateOf(id)).toBe('awaiting_payment');
    const card = (await e.stores.requests.get(id))!.card!;
    expect(labels(e.messenger.latest(card))).toEqual(['Cancel']);
    expect(spy.calls).not.toContain('listCards');
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toBe(`Only a top-up can be charged to the card on file, and request ${id} is a subscription.`);
    expect(spy.keys()).toEqual([]);
  });
});

describe('money spent', () => {
  it("a top-up paid with the card on file counts in the month's budgets", async () => {
    const e = await env(chargeSpy(), { memberMonthlyBudgetCents: 100_00, workspaceMonthlyBudgetCents: 500_00 });
    const { id } = await approvedTopUp(e);
    await e.click(bob, 'charge_card', id);
    expect(await e.stateOf(id)).toBe('paid');
    await e.command(alice, 'fund', '20');
    const next = (await e.stores.requests.get(e.lastRequestId()))!;
    expect(next.budget).toMatchObject({ memberSpentCents: 50_00, workspaceSpentCents: 50_00 });
  });

  it('the spend report counts it as a top-up of the member', async () => {
    const e = await env();
    const { id } = await approvedTopUp(e);
    await e.click(bob, 'charge_card', id);
    const [report] = await e.command(bob, 'ml', 'report 7');
    expect(report?.text).toContain('Spent (confirmed payments): $50.00: top-ups $50.00');
    expect(report?.text).toContain('⟦user:U-alice⟧: $50.00 (1 payment)');
  });
});

describe('the receipt of a card charge', () => {
  it('a post that fails is owed, not lost: the approver hears the truth and the sweep posts it once, labelled', async () => {
    const e = await env();
    const { id, card } = await approvedTopUp(e);
    let failures = 1;
    e.messenger.beforeSend = (kind, reply) => {
      if (kind === 'post' && reply.title?.startsWith('Receipt') && failures-- > 0) throw new Error('Slack timed out');
    };
    const [answer] = await e.click(bob, 'charge_card', id);
    expect(answer?.text).toContain('Charged $50.00');
    expect(answer?.text).toContain('Its receipt could not be posted yet; the bot posts it shortly.');
    expect(await e.stateOf(id)).toBe('paid');
    expect(receipts(e, card)).toHaveLength(0);
    await e.engine.sweep();
    const posted = receipts(e, card);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.reply.context?.join(' ')).toContain('Re-sent because the first post could not be confirmed');
    await e.engine.sweep();
    expect(receipts(e, card)).toHaveLength(1);
  });

  it('a fallback approver may not charge a request that never escalated', async () => {
    const spy = chargeSpy();
    const e = await env(spy);
    const { id } = await approvedTopUp(e);
    const fallback = { ...mallory, id: 'U-fallback', isFallbackApprover: true };
    const [answer] = await e.click(fallback, 'charge_card', id);
    expect(answer?.text).toBe('Only approvers can charge the card on file.');
    expect(spy.keys()).toEqual([]);
  });
});
