import { describe, expect, it } from 'vitest';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob, harness, mallory, paidOutcome } from './harness.ts';

describe('cancel', () => {
  it('lets the requester or an approver cancel, nobody else', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    const [no] = await h.click(mallory, 'cancel', 'req1');
    expect(no?.text).toBe('Only the requester or an approver can cancel a request.');
    await h.click(alice, 'cancel', 'req1');
    const r = await h.request('req1');
    expect(r.state).toBe('cancelled');
    expect(h.messenger.latest(r.card!)?.text).toContain(`Cancelled by ⟦user:${alice.id}⟧`);
  });

  it('keeps watching the still-payable session in the background and tells the payer the truth about the link', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const session = h.watcher.watching.get('req1')!.sessionId;
    expect(h.watcher.sessions.get(session)?.background).toBeUndefined();
    await h.click(bob, 'cancel', 'req1');
    // Stripe keeps the session payable until it expires: the watcher keeps it, at low priority.
    expect(h.watcher.sessions.get(session)?.background).toBe(true);
    const dm = h.messenger.dmsTo(alice.id)[0]!;
    const now = h.messenger.latest(dm.ref!)!;
    expect(now.text).toContain('Cancelled by');
    expect(now.text).not.toContain('do not use');
    expect(now.text).toContain('stays payable until');
    expect(now.text).toContain('credited');
    expect(now.buttons ?? []).toEqual([]);
  });

  it('works as /ml cancel <id> and answers a click on a finished request with its state', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.command(alice, 'ml', 'cancel req1');
    expect((await h.request('req1')).state).toBe('cancelled');
    const [again] = await h.click(bob, 'approve', 'req1');
    expect(again?.text).toContain('already in state: Cancelled');
    const [unknown] = await h.command(alice, 'ml', 'cancel nope');
    expect(unknown?.text).toContain('I can\'t find request "nope"');
  });

  it('records a payment that arrives after the cancel, receipts it as late, and tells the payer and approvers', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const watch = h.watcher.watching.get('req1')!;
    await h.click(alice, 'cancel', 'req1');
    await h.engine.onCheckoutOutcome(watch, paidOutcome());
    await h.engine.onCheckoutOutcome(watch, { status: 'paid', alreadyConfirmed: true, balanceCents: 60_000 });
    const r = await h.request('req1');
    expect(r.state).toBe('paid');
    expect(r.attempts[0]?.paidAfter).toBe('cancelled');
    expect(r.attempts[0]?.sessionEnd).toBe('paid');
    const receipts = h.messenger.threadPosts(r.card!);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.reply.text).toContain('arrived after the request was cancelled');
    expect(receipts[0]?.reply.text).toContain('⟦approvers⟧');
    expect(h.messenger.latest(r.card!)?.text).toContain('arrived after the request was cancelled');
    const dms = h.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm');
    expect(dms.at(-1)?.reply.text).toContain('arrived after the request was cancelled');
    const audit = await h.audit.list(0);
    expect(audit.at(-1)).toMatchObject({ from: 'cancelled', to: 'paid', sessionId: watch.sessionId });
  });
});

describe("I've paid", () => {
  it('nudges the watcher and says what the check found, never promising a receipt that does not exist', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const session = h.watcher.watching.get('req1')!.sessionId;
    const [reply] = await h.click(alice, 'paid', 'req1');
    expect(h.watcher.nudged).toEqual([session]);
    expect(reply?.text).toContain('Not paid yet: ModelsLab has no payment for this link yet');
    expect(reply?.text).toContain("I'll keep checking until");
    expect(reply?.text).not.toContain('The receipt is in the thread');
    expect((await h.request('req1')).attempts[0]?.paidClickedAt).toBe(h.clock.now());

    h.watcher.prompt = { kind: 'budget', waitMs: 12_300 };
    const [busy] = await h.click(alice, 'paid', 'req1');
    expect(busy?.text).toContain("billing budget is busy right now, so I'll check in about 13 s");
  });
});

describe('link expiry and New link', () => {
  it('marks the link expired, offers New link, and makes attempt 2 with a new key under the same approval', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    await h.outcome('req1', { status: 'expired' });
    let r = await h.request('req1');
    expect(r.state).toBe('expired');
    expect(h.messenger.latest(r.card!)?.fields?.find((f) => f.label === 'Status')?.value).toBe('Link expired');
    // The link DM loses its Pay button; the expiry notice is a NEW message (a new-message mark).
    const linkDm = h.messenger.dmsTo(alice.id)[0]!;
    expect(h.messenger.latest(linkDm.ref!)?.buttons ?? []).toEqual([]);
    const notices = h.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm');
    expect(notices).toHaveLength(2);
    const notice = notices[1]!;
    expect(notice.reply.buttons?.map((b) => b.label)).toEqual(['New link', 'Cancel']);
    expect(textOf(notice.reply)).not.toContain('https://');

    await h.click(alice, 'new_link', 'req1');
    r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.approver?.id).toBe(bob.id);
    expect(r.attempts.map((a) => a.idempotencyKey)).toEqual(['paylink-req1-1', 'paylink-req1-2']);
    expect(h.billing.links.size).toBe(2);
    expect(h.watcher.watching.get('req1')?.attempt).toBe(2);
    const dms = h.messenger.dmsTo(alice.id).filter((d) => d.kind === 'dm');
    expect(dms).toHaveLength(3);
    // The old notice and the old link DM: no New link or Cancel left, and the truth about the old link.
    for (const old of [linkDm, notice]) {
      const shown = h.messenger.latest(old.ref!)!;
      expect(shown.buttons ?? []).toEqual([]);
      expect(shown.text).toContain('A newer payment link');
      // ModelsLab said the session expired: the text says it can no longer be paid (never "do not use").
      expect(shown.text).toMatch(/can no longer be paid|credited/);
    }

    await h.outcome('req1', { status: 'paid', alreadyConfirmed: false, balanceCents: 10_000 });
    expect((await h.request('req1')).state).toBe('paid');
  });

  it('refuses New link from a stranger', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    await h.outcome('req1', { status: 'expired' });
    const [reply] = await h.click(mallory, 'new_link', 'req1');
    expect(reply?.text).toContain('Only the payer, the requester or an approver');
  });
});

describe('DMs closed', () => {
  it('keeps the request, tells the requester how to open DMs, and Retry delivers the same link', async () => {
    const h = harness({ approvalThresholdCents: 100_000 });
    h.messenger.closedDms.add(alice.id);
    const replies = await h.command(alice, 'fund', '50');
    const notice = replies.find((r) => r.text.includes('direct messages are closed'));
    expect(notice?.ephemeral).toBe(true);
    expect(notice?.buttons?.[0]).toMatchObject({ action: 'new_link', value: 'req1', label: 'Retry' });
    let r = await h.request('req1');
    expect(r.state).toBe('link_created');
    expect(r.attempts[0]?.dmFailedAt).toBeDefined();

    h.messenger.closedDms.delete(alice.id);
    await h.click(alice, 'new_link', 'req1');
    r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.attempts).toHaveLength(1);
    expect(h.billing.links.size).toBe(1);
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
  });

  it('tells the payer in the card thread, without the URL, when an approver triggered the DM', async () => {
    const h = harness();
    h.messenger.closedDms.add(alice.id);
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const r = await h.request('req1');
    const thread = h.messenger.threadPosts(r.card!);
    expect(thread).toHaveLength(1);
    expect(thread[0]?.reply.text).toContain(`⟦user:${alice.id}⟧, I could not send you the payment link`);
    expect(textOf(thread[0]!.reply)).not.toContain('https://');
  });
});

describe('ModelsLab unavailable when creating the link', () => {
  it('says so plainly, keeps the request approved, and the sweep creates the link later', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    h.billing.down = true;
    const replies = await h.click(bob, 'approve', 'req1');
    expect(replies.some((r) => r.text.includes('ModelsLab is not answering right now'))).toBe(true);
    expect((await h.request('req1')).state).toBe('approved');
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(0);

    h.billing.down = false;
    expect((await h.engine.sweep()).retried).toBe(1);
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.attempts).toHaveLength(1);
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
  });
});
