import { describe, expect, it } from 'vitest';
import { MENTION_APPROVERS } from '../../src/core/shared/reply.ts';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob, carol, harness, mallory } from './harness.ts';

describe('approval rules', () => {
  it('mentions the approvers on a card that needs approval', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    expect(h.messenger.channelPosts()[0]?.reply.text).toContain(MENTION_APPROVERS);
  });

  it('lets only approvers approve or deny', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    const [a] = await h.click(mallory, 'approve', 'req1');
    const [d] = await h.click(mallory, 'deny', 'req1');
    expect(a?.text).toBe('Only approvers can approve or deny requests.');
    expect(d?.text).toBe('Only approvers can approve or deny requests.');
    expect((await h.request('req1')).state).toBe('awaiting_approval');
  });

  it('refuses self-approval unless ALLOW_SELF_APPROVAL', async () => {
    const h = harness();
    await h.command(bob, 'fund', '50');
    const [reply] = await h.click(bob, 'approve', 'req1');
    expect(reply?.text).toContain('You cannot approve or deny your own request');
    expect((await h.request('req1')).state).toBe('awaiting_approval');

    const lenient = harness({ allowSelfApproval: true });
    await lenient.command(bob, 'fund', '50');
    await lenient.click(bob, 'approve', 'req1');
    expect((await lenient.request('req1')).state).toBe('awaiting_payment');
  });

  it('skips approval below the threshold but still posts a card', async () => {
    const h = harness({ approvalThresholdCents: 10_000 });
    await h.command(alice, 'fund', '99.99');
    const r = await h.request('req1');
    expect(r.needsApproval).toBe(false);
    expect(r.state).toBe('awaiting_payment');
    const card = h.messenger.channelPosts()[0]!;
    expect(card.reply.title).toBe('Fund request · $99.99');
    expect(card.reply.text).not.toContain(MENTION_APPROVERS);
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);

    await h.command(alice, 'fund', '100');
    expect((await h.request('req2')).state).toBe('awaiting_approval');
  });

  it('denies with the approver on the card and no link created', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'deny', 'req1');
    const r = await h.request('req1');
    expect(r.state).toBe('denied');
    expect(h.messenger.latest(r.card!)?.text).toContain(`Denied by ⟦user:${bob.id}⟧`);
    expect(h.messenger.latest(r.card!)?.buttons).toEqual([]);
    expect(h.billing.links.size).toBe(0);
  });

  it('marks an unanswered approval request approval_expired (not denied) after 24 h', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.clock.advance(23 * 3600_000);
    expect((await h.engine.sweep()).approvalsExpired).toBe(0);
    await h.clock.advance(3600_000);
    expect((await h.engine.sweep()).approvalsExpired).toBe(1);
    const r = await h.request('req1');
    expect(r.state).toBe('approval_expired');
    expect(h.messenger.latest(r.card!)?.fields?.find((f) => f.label === 'Status')?.value).toBe('Approval expired');
    const [late] = await h.click(bob, 'approve', 'req1');
    expect(late?.text).toContain('Approval expired');
    expect(h.billing.links.size).toBe(0);
  });

  it('expires on a late click even before the sweep ran', async () => {
    const h = harness({ approvalTtlMs: 60_000 });
    await h.command(alice, 'fund', '50');
    await h.clock.advance(60_000);
    const [reply] = await h.click(bob, 'approve', 'req1');
    expect(reply?.text).toContain('expired');
    expect((await h.request('req1')).state).toBe('approval_expired');
  });

  it('answers a second approver with the current state', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const [second] = await h.click(carol, 'approve', 'req1');
    expect(second?.text).toContain('Awaiting payment');
    expect(second?.text).toContain(`approved by ⟦user:${bob.id}⟧`);
    expect((await h.request('req1')).approver?.id).toBe(bob.id);
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
  });

  it('audits every transition with its actor and time', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'deny', 'req1');
    expect(h.audit.entries.map((e) => [e.from, e.to, e.actor?.id, e.at])).toEqual([
      [null, 'awaiting_approval', alice.id, h.clock.now()],
      ['awaiting_approval', 'denied', bob.id, h.clock.now()],
    ]);
    expect(textOf(h.messenger.channelPosts()[0]!.reply)).toContain('req1');
  });
});
