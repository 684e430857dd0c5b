/**
 * The approver check honours escalation (issue 17, shared with the reminders room): a fallback
 * approver may decide a request only once it escalated (`escalatedAt`, set by the reminders
 * room), and then under the same rules as an approver (two-person included).
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/shared/types.ts';
import { alice, bob, harness } from './harness.ts';

// `isFallbackApprover` is resolved by the adapters (the reminders room adds it to Actor).
const cfo = { platform: 'slack', id: 'U-cfo', name: 'cfo', isApprover: false, isFallbackApprover: true } as Actor;

async function escalate(h: ReturnType<typeof harness>, id: string) {
  const r = await h.request(id);
  await h.requests.put({ ...r, escalatedAt: h.clock.now() } as typeof r);
}

describe('fallback approvers', () => {
  it('are refused before the escalation and may approve after it', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    const [early] = await h.click(cfo, 'approve', 'req1');
    expect(early?.text).toBe('Only approvers can approve or deny requests.');
    expect((await h.request('req1')).state).toBe('awaiting_approval');

    await escalate(h, 'req1');
    await h.click(cfo, 'approve', 'req1');
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.approver?.id).toBe(cfo.id);
  });

  it('count as one of two different approvers once escalated', async () => {
    const h = harness({ secondApprovalThresholdCents: 50_000 });
    await h.command(alice, 'fund', '500');
    await h.click(bob, 'approve', 'req1');
    await escalate(h, 'req1');
    await h.click(cfo, 'approve', 'req1');
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.approvals?.map((a) => a.by.id)).toEqual([bob.id, cfo.id]);
    expect(h.billing.links.size).toBe(1);
  });
});
