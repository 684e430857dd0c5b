/**
 * Issue 13 texts that must tell the truth: amounts with thousands separators as the bot writes
 * them, notes over the limit refused with the rule (not cut silently), Deny with a reason the
 * requester hears about by DM, and "Try again" on a failed request.
 */
import { describe, expect, it } from 'vitest';
import { BillingHttpError, ChannelClosedError, MessengerError } from '../../src/core/shared/errors.ts';
import type { ConfirmOutcome } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import { alice, bob, carol, harness, mallory, paidOutcome } from './harness.ts';

type Harness = ReturnType<typeof harness>;

/** What ModelsLab answers to confirm-checkout from now on. */
function confirmWith(h: Harness, outcome: ConfirmOutcome): void {
  (h.billing as unknown as { confirmCheckout: () => Promise<ConfirmOutcome> }).confirmCheckout = async () => outcome;
}

function buttonLabels(reply: Reply | undefined): string[] {
  return (reply?.buttons ?? []).map((b) => b.label);
}

describe('amounts as the bot writes them', () => {
  it.each([
    ['1,000', 100_000],
    ['$1,000', 100_000],
    ['1,000.50', 100_050],
    ['$1,234.56', 123_456],
    ['12,345', 1_234_500],
  ])('accepts %s', async (text, cents) => {
    const h = harness({ maxFundCents: 2_000_000 });
    await h.command(alice, 'fund', `${text} GPUs`);
    expect((await h.request('req1')).amountCents).toBe(cents);
  });

  it.each(['1,00', '10,5', '1,0000', '1,000,00'])('refuses the ambiguous "%s" with the rule', async (text) => {
    const h = harness();
    const [reply] = await h.command(alice, 'fund', text);
    expect(reply?.text).toContain('a comma separates thousands (1,000 or 1,000.50) and cents follow a dot (10.50)');
    expect(h.requests.rows.size).toBe(0);
  });

  it('says a huge run of digits is above the largest request, not "not an amount"', async () => {
    const h = harness();
    const [reply] = await h.command(alice, 'fund', '99999999999999999999999');
    expect(reply?.text).toContain('above the largest request: amounts can be at most $1,000.00');
    expect(reply?.text).not.toContain('not an amount');
    expect(h.requests.rows.size).toBe(0);
  });
});

describe('notes', () => {
  it('refuses a 900-character note with the rule and changes nothing', async () => {
    const h = harness();
    const [reply] = await h.command(alice, 'fund', `50 ${'n'.repeat(900)}`);
    expect(reply?.text).toContain('Notes are at most 200 characters; yours has 900.');
    expect(reply?.tone).toBe('warning');
    expect(h.requests.rows.size).toBe(0);
    expect(h.messenger.channelPosts()).toEqual([]);
  });

  it('keeps a 200-character note whole', async () => {
    const h = harness();
    const note = 'n'.repeat(200);
    await h.command(alice, 'fund', `50 ${note}`);
    expect((await h.request('req1')).note).toBe(note);
  });
});

describe('deny with a reason', () => {
  it('/ml deny <id> <reason>: the card shows who and why, the requester gets a DM', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50 eval run');
    const [answer] = await h.command(bob, 'ml', 'deny req1 the eval run was cancelled');
    const r = await h.request('req1');
    expect(r.state).toBe('denied');
    expect(r.reason).toBe('the eval run was cancelled');
    expect(h.messenger.latest(r.card!)?.text).toBe(`Denied by ⟦user:${bob.id}⟧. Reason: the eval run was cancelled.`);
    const [dm] = h.messenger.dmsTo(alice.id);
    expect(dm?.reply.text).toBe(
      `Your request to add $50.00 to the wallet was denied by ⟦user:${bob.id}⟧. Reason: the eval run was cancelled.`,
    );
    expect(answer?.text).toBe(`Denied req1. Reason: the eval run was cancelled. ⟦user:${alice.id}⟧ was told by DM.`);
    expect(h.audit.entries.at(-1)?.detail).toBe('reason: the eval run was cancelled');
  });

  it('the Deny button still works without a reason, and the requester is told that too', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'deny', 'req1');
    expect((await h.request('req1')).state).toBe('denied');
    expect(h.messenger.dmsTo(alice.id)[0]?.reply.text).toBe(
      `Your request to add $50.00 to the wallet was denied by ⟦user:${bob.id}⟧. No reason was given.`,
    );
  });

  it('closed DMs do not undo the denial; the denier hears the requester could not be told', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    h.messenger.closedDms.add(alice.id);
    const [answer] = await h.command(bob, 'ml', 'deny req1 no budget');
    expect((await h.request('req1')).state).toBe('denied');
    expect(answer?.text).toContain('I could not send');
  });

  it('refuses strangers, reasons over 200 characters and a missing id, changing nothing', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    const [stranger] = await h.command(mallory, 'ml', 'deny req1 no');
    expect(stranger?.text).toBe('Only approvers can approve or deny requests.');
    const [long] = await h.command(bob, 'ml', `deny req1 ${'r'.repeat(250)}`);
    expect(long?.text).toContain('Reasons are at most 200 characters; yours has 250.');
    const [noId] = await h.command(bob, 'ml', 'deny');
    expect(noId?.text).toContain('Say which request to deny. Usage: /ml deny <request id> [reason]');
    expect((await h.request('req1')).state).toBe('awaiting_approval');
    expect(h.messenger.dmsTo(alice.id)).toEqual([]);
  });
});

describe('try again after a failure', () => {
  const refused = () =>
    new BillingHttpError({ status: 422, apiCode: 'invalid_amount', message: 'no', endpoint: '/billing/payment-link' });

  it('a refused link fails the request; Try again makes a new attempt with a new key under the same approval', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    const create = h.billing.createPaymentLink.bind(h.billing);
    h.billing.createPaymentLink = async () => {
      throw refused();
    };
    const approveReplies = await h.click(bob, 'approve', 'req1');
    let r = await h.request('req1');
    expect(r.state).toBe('failed');
    // Where the approver is told, and on the card: a Try again button.
    expect(buttonLabels(approveReplies.at(-1))).toEqual(['Try again']);
    expect(buttonLabels(h.messenger.latest(r.card!))).toEqual(['Try again']);

    h.billing.createPaymentLink = create;
    const [stranger] = await h.click(mallory, 'try_again', 'req1');
    expect(stranger?.text).toBe('Only the requester or an approver can try a failed request again.');
    expect((await h.request('req1')).state).toBe('failed');

    const replies = await h.click(alice, 'try_again', 'req1');
    r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.approver?.id).toBe(bob.id);
    expect(r.attempts.map((a) => a.idempotencyKey)).toEqual(['paylink-req1-1', 'paylink-req1-2']);
    expect(r.reason).toBeUndefined();
    expect(replies.at(-1)?.text).toBe('Trying req1 again: a new payment link is in your DMs.');
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
    expect(h.audit.entries.find((e) => e.from === 'failed')).toMatchObject({
      from: 'failed',
      to: 'approved',
      actor: { id: alice.id },
    });

    // A second click finds it moved on.
    const [again] = await h.click(carol, 'try_again', 'req1');
    expect(again?.text).toContain('already in state: Awaiting payment');
  });

  it('a session ModelsLab forgot: the DM offers Try again, and an approver may press it', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    await h.outcome('req1', { status: 'not_found' });
    expect((await h.request('req1')).state).toBe('failed');
    const dm = h.messenger.latest(h.messenger.dmsTo(alice.id)[0]!.ref!);
    expect(buttonLabels(dm)).toEqual(['Try again']);

    confirmWith(h, { status: 'not_found' });
    await h.click(carol, 'try_again', 'req1');
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.attempts).toHaveLength(2);
  });

  it('never opens a second link while the failed one may take money', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    await h.outcome('req1', { status: 'rejected', reason: 'ModelsLab said no.' });

    // Still payable: refused, nothing changes.
    confirmWith(h, { status: 'pending', reason: 'open' });
    const [payable] = await h.click(alice, 'try_again', 'req1');
    expect(payable?.text).toContain('can still be paid');
    expect((await h.request('req1')).attempts).toHaveLength(1);

    // Paid meanwhile: recorded as paid, no new attempt.
    confirmWith(h, paidOutcome());
    const [paid] = await h.click(alice, 'try_again', 'req1');
    const r = await h.request('req1');
    expect(paid?.text).toContain('was paid after all');
    expect(r.state).toBe('paid');
    expect(r.attempts).toHaveLength(1);
    expect(h.billing.links.size).toBe(1);
  });
});

describe('a post the platform did not take', () => {
  it('blames the channel only when the bot cannot post there', async () => {
    const h = harness();
    h.messenger.beforeSend = () => {
      throw new MessengerError('chat.postMessage failed: fatal_error');
    };
    const [hung] = await h.command(alice, 'fund', '50');
    expect(hung?.text).toBe(
      'Slack did not take the request card just now (it did not answer in time or had an error), so no request was opened and nothing will be charged. Try again in a minute.',
    );
    h.messenger.beforeSend = () => {
      throw new ChannelClosedError('chat.postMessage failed: not_in_channel');
    };
    const [closed] = await h.command(alice, 'fund', '50');
    expect(closed?.text).toContain('Invite the bot to the channel');
    expect((await h.request('req1')).state).toBe('cancelled');
  });

  it('the same for the subscribe panel', async () => {
    const h = harness();
    const admin = { ...bob, isAdmin: true };
    h.messenger.beforeSend = () => {
      throw new MessengerError('discord post failed: timeout');
    };
    const [hung] = await h.command(admin, 'ml', 'panel');
    expect(hung?.text).toContain('Slack did not take the subscribe panel just now');
    expect(hung?.text).not.toMatch(/invite/i);
    h.messenger.beforeSend = () => {
      throw new ChannelClosedError('missing access');
    };
    const [closed] = await h.command(admin, 'ml', 'panel');
    expect(closed?.text).toContain('Invite the bot to the channel');
  });
});
