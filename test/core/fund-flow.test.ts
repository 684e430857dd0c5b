import { describe, expect, it } from 'vitest';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob, harness, paidOutcome } from './harness.ts';

describe('fund flow on fakes', () => {
  it('runs command → card → approve → DM → paid → receipt, with the URL only in the payer DM', async () => {
    const h = harness();
    const replies = await h.command(alice, 'fund', '50 eval run');
    expect(replies.at(-1)?.text).toContain('waiting for an approver');

    const [card] = h.messenger.channelPosts();
    expect(card?.reply.title).toBe('Fund request · $50.00');
    expect(textOf(card!.reply)).toContain('eval run');
    expect(card?.reply.buttons?.map((b) => b.label)).toEqual(['Approve', 'Deny', 'Cancel']);

    await h.click(bob, 'approve', 'req1');
    const dms = h.messenger.dmsTo(alice.id);
    expect(dms).toHaveLength(1);
    const pay = dms[0]!.reply.buttons?.find((b) => b.kind === 'link');
    expect(pay?.label).toBe('Pay $50.00');
    const url = pay?.kind === 'link' ? pay.url : '';
    expect(url).toMatch(/^https:\/\/pay\.example\//);
    expect((await h.request('req1')).state).toBe('awaiting_payment');

    await h.outcome('req1', paidOutcome(60_000));
    const r = await h.request('req1');
    expect(r.state).toBe('paid');
    const receipts = h.messenger.threadPosts(r.card!);
    expect(receipts).toHaveLength(1);
    const receipt = textOf(receipts[0]!.reply);
    expect(receipt).toContain('$50.00');
    expect(receipt).toContain('$600.00');
    expect(receipt).toContain(r.attempts[0]!.sessionId!.slice(-8));
    expect(h.messenger.latest(r.card!)?.fields?.find((f) => f.label === 'Status')?.value).toBe('Paid');
    expect(h.messenger.latest(dms[0]!.ref!)?.text).toContain('Received, thanks');

    const leaks = h.messenger.containsText(url).filter((m) => m.kind !== 'dm');
    expect(leaks).toEqual([]);
    expect(JSON.stringify(h.audit.entries)).not.toContain(url);
    expect(h.audit.entries.map((e) => e.to)).toEqual([
      'awaiting_approval',
      'approved',
      'link_created',
      'awaiting_payment',
      'paid',
    ]);
  });
});
