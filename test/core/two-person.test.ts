/**
 * Two-person approval (issue 17): at or above the second threshold a request needs two different
 * approvers, the requester never counts (even with self-approval allowed), the card shows
 * "1 of 2 approvals: <who>", the first approver may withdraw, every step is audited, and
 * concurrent or double clicks create exactly one payment link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/shared/types.ts';
import { alice, bob, carol, harness } from './harness.ts';
import { live } from './live.ts';

const dave: Actor = { platform: 'slack', id: 'U-dave', name: 'dave', isApprover: true };
const TWO = { secondApprovalThresholdCents: 50_000 } as const;

function buttonsOf(reply: { buttons?: readonly { kind: string; action?: string }[] } | undefined) {
  return (reply?.buttons ?? []).map((b) => (b.kind === 'action' ? b.action : b.kind));
}

describe('two-person approval', () => {
  it('under the second threshold one approval is still enough', async () => {
    const h = harness(TWO);
    await h.command(alice, 'fund', '499.99');
    await h.click(bob, 'approve', 'req1');
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    expect(h.billing.links.size).toBe(1);
  });

  it('at the threshold: the first approval is recorded, the card shows 1 of 2 and who; the second makes one link', async () => {
    const h = harness(TWO);
    await h.command(alice, 'fund', '500');
    const card0 = h.messenger.latest((await h.request('req1')).card!);
    expect(card0?.text).toContain('It needs 2 different approvers (the requester never counts).');

    const [first] = await h.click(bob, 'approve', 'req1');
    expect(first?.text).toBe(
      'Your approval of req1 is recorded (1 of 2). Another approver has to approve it before the payment link is sent.',
    );
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_approval');
    expect(r.approvals?.map((a) => a.by.id)).toEqual([bob.id]);
    expect(h.billing.links.size).toBe(0);
    const card = h.messenger.latest(r.card!);
    expect(card?.text).toContain(`1 of 2 approvals: ⟦user:${bob.id}⟧`);
    expect(card?.fields?.find((f) => f.label === 'Approvals')?.value).toBe(`1 of 2 approvals: ⟦user:${bob.id}⟧`);
    expect(buttonsOf(card)).toEqual(['approve', 'withdraw_approval', 'deny', 'cancel']);
    expect(h.audit.entries.at(-1)).toMatchObject({
      requestId: 'req1',
      from: 'awaiting_approval',
      to: 'awaiting_approval',
      actor: { id: bob.id },
      detail: 'approval 1 of 2',
    });

    await h.click(carol, 'approve', 'req1');
    const done = await h.request('req1');
    expect(done.state).toBe('awaiting_payment');
    expect(h.billing.links.size).toBe(1);
    expect(h.messenger.latest(done.card!)?.text).toContain(`Approved by ⟦user:${bob.id}⟧ and ⟦user:${carol.id}⟧.`);
    expect(h.audit.entries.find((e) => e.to === 'approved')).toMatchObject({
      actor: { id: carol.id },
      detail: 'approval 2 of 2',
    });
  });

  it('the same approver clicking Approve again is told the rule and nothing changes', async () => {
    const h = harness(TWO);
    await h.command(alice, 'fund', '600');
    await h.click(bob, 'approve', 'req1');
    const before = await h.request('req1');
    const audits = h.audit.entries.length;
    const [again] = await h.click(bob, 'approve', 'req1');
    expect(again?.text).toBe(
      'You already approved req1. This $600.00 request needs 2 different approvers, and the requester never counts (even where self-approval is allowed). Another approver has to approve it; nothing changed.',
    );
    const after = await h.request('req1');
    expect(after.approvals).toEqual(before.approvals);
    expect(after.version).toBe(before.version);
    expect(h.audit.entries.length).toBe(audits);
    expect(h.billing.links.size).toBe(0);
  });

  it('the requester never counts, even with self-approval allowed', async () => {
    const h = harness({ ...TWO, allowSelfApproval: true });
    await h.command(bob, 'fund', '500');
    const [own] = await h.click(bob, 'approve', 'req1');
    expect(own?.text).toBe(
      'This $500.00 request needs 2 different approvers, and the requester never counts (even where self-approval is allowed). Nothing changed.',
    );
    expect((await h.request('req1')).approvals).toBeUndefined();
    await h.click(carol, 'approve', 'req1');
    await h.click(dave, 'approve', 'req1');
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    // Below the second threshold self-approval still works as before.
    await h.command(bob, 'fund', '50');
    await h.click(bob, 'approve', 'req2');
    expect((await h.request('req2')).state).toBe('awaiting_payment');
  });

  it('withdraw: only the approver who gave it, before the second arrives; audited; the card goes back', async () => {
    const h = harness(TWO);
    await h.command(alice, 'fund', '500');
    await h.click(bob, 'approve', 'req1');
    const [stranger] = await h.click(carol, 'withdraw_approval', 'req1');
    expect(stranger?.text).toBe(
      'Only an approver who approved this request can withdraw their approval; nothing changed.',
    );
    expect((await h.request('req1')).approvals).toHaveLength(1);

    const [mine] = await h.click(bob, 'withdraw_approval', 'req1');
    expect(mine?.text).toBe('Your approval of req1 is withdrawn (0 of 2).');
    const r = await h.request('req1');
    expect(r.approvals).toEqual([]);
    const card = h.messenger.latest(r.card!);
    expect(card?.text).not.toContain('approvals:');
    expect(buttonsOf(card)).toEqual(['approve', 'deny', 'cancel']);
    expect(h.audit.entries.at(-1)).toMatchObject({ actor: { id: bob.id }, detail: 'approval withdrawn (0 of 2)' });

    // Withdrawn, the next approval is the first again: no link yet.
    await h.click(carol, 'approve', 'req1');
    expect((await h.request('req1')).state).toBe('awaiting_approval');
    await h.click(bob, 'approve', 'req1');
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    // Once approved, withdrawing is no longer possible (Cancel is).
    const [late] = await h.click(bob, 'withdraw_approval', 'req1');
    expect(late?.text).toBe(
      `Request req1 is already in state: Awaiting payment (approved by ⟦user:${carol.id}⟧ and ⟦user:${bob.id}⟧). Nothing changed.`,
    );
    expect(h.billing.links.size).toBe(1);
  });

  it('the requester is told two approvers are needed; one approval still expires as today, saying how far it got', async () => {
    const h = harness({ ...TWO, approvalTtlMs: 3_600_000 });
    const replies = await h.command(alice, 'fund', '500');
    expect(replies.at(-1)?.text).toBe('Request req1 is waiting for 2 different approvers.');
    await h.click(bob, 'approve', 'req1');
    await h.clock.advance(3_600_000);
    expect((await h.engine.sweep()).approvalsExpired).toBe(1);
    const r = await h.request('req1');
    expect(r.state).toBe('approval_expired');
    expect(h.messenger.latest(r.card!)?.text).toBe(
      `Only 1 of 2 approvals arrived in time (⟦user:${bob.id}⟧), so it expired. Ask again if it is still needed.`,
    );
    expect(h.billing.links.size).toBe(0);
  });

  it('/ml status shows the progress, and offers the first approver Withdraw', async () => {
    const h = harness(TWO);
    await h.command(alice, 'fund', '500');
    await h.click(bob, 'approve', 'req1');
    const [mine] = await h.command(bob, 'ml', 'status');
    expect(mine?.text).toContain('Awaiting approval (1 of 2 approvals)');
    expect(buttonsOf(mine)).toContain('withdraw_approval');
    const [theirs] = await h.command(carol, 'ml', 'status');
    expect(buttonsOf(theirs)).not.toContain('withdraw_approval');
    expect(buttonsOf(theirs)).toContain('approve');
  });

  it('non-approvers cannot approve a two-person request either', async () => {
    const h = harness(TWO);
    await h.command(alice, 'fund', '500');
    const [r] = await h.click(alice, 'approve', 'req1');
    expect(r?.text).toBe('Only approvers can approve or deny requests.');
    expect((await h.request('req1')).approvals).toBeUndefined();
  });
});

describe('concurrent clicks on the real stores and the simulator: exactly one link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlbot-two-person-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const store of ['memory', 'sqlite'] as const) {
    it(`${store}: two approvers at once, one of them double-clicking`, async () => {
      const env = await live({
        policy: TWO,
        watcher: 'on-demand',
        ...(store === 'sqlite' ? { storeUrl: `sqlite://${join(dir, 'two.sqlite')}` } : {}),
      });
      try {
        await env.command(alice, 'fund', '750');
        const id = env.lastRequestId();
        const sessionsBefore = env.sim.state.sessions().length;
        await Promise.all([
          env.click(bob, 'approve', id),
          env.click(carol, 'approve', id),
          env.click(carol, 'approve', id),
          env.click(bob, 'approve', id),
        ]);
        const r = await env.stores.requests.get(id);
        expect(r?.state).toBe('awaiting_payment');
        expect(r?.approvals?.map((a) => a.by.id).sort()).toEqual([bob.id, carol.id]);
        expect(r?.attempts).toHaveLength(1);
        expect(env.sim.state.sessions().length).toBe(sessionsBefore + 1);
        expect(env.messenger.dmsTo(alice.id)).toHaveLength(1);
      } finally {
        await env.close();
      }
    });
  }
});
