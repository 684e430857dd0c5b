/**
 * Monthly budgets (issue 17), from a seeded ledger: spending is confirmed money (receipts) in the
 * current UTC calendar month; another member's spend counts for the workspace's budget, not for
 * the member's; a request that fits both and is under the threshold goes straight to the link,
 * one that would exceed either needs an approver and the card says why.
 */
import { describe, expect, it } from 'vitest';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { monthWindow, spentBetween } from '../../src/core/requests/spend.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { alice, bob, carol, harness } from './harness.ts';

const at = (y: number, m: number, d: number, h = 12, min = 0) => Date.UTC(y, m - 1, d, h, min);

let seq = 0;
/** A request as the ledger holds it after its payments: one confirmed attempt per `paidAt`. */
function seeded(who: Actor, amountCents: number, createdAt: number, ...paidAt: number[]): PaymentRequest {
  const user = { platform: who.platform, id: who.id };
  const id = `seed${++seq}`;
  return {
    id,
    purpose: 'fund',
    amountCents,
    note: '',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C-general' },
    requester: user,
    payer: user,
    needsApproval: false,
    state: paidAt.length ? 'paid' : 'awaiting_approval',
    createdAt,
    updatedAt: createdAt,
    attempts: paidAt.map((confirmedAt, i) => ({
      n: i + 1,
      idempotencyKey: `paylink-${id}-${i + 1}`,
      sessionId: `cs_${id}_${i + 1}`,
      confirmedAt,
    })),
    version: 1,
  };
}

/** November 2026 as the ledger saw it (the harness's clock is 29 Nov 2026 12:00 UTC). */
function ledger(): PaymentRequest[] {
  return [
    seeded(alice, 15_000, at(2026, 11, 5), at(2026, 11, 5, 13)), // counted
    seeded(alice, 10_000, at(2026, 10, 31, 23), at(2026, 10, 31, 23, 59)), // October: not counted
    seeded(alice, 4_000, at(2026, 10, 25), at(2026, 11, 2)), // opened in October, paid in November: counted
    seeded(alice, 2_000, at(2026, 11, 8), at(2026, 11, 8), at(2026, 11, 9)), // paid twice: both count
    seeded(alice, 50_000, at(2026, 11, 20)), // asked, never paid: not counted
    seeded(carol, 30_000, at(2026, 11, 10), at(2026, 11, 10)), // another member
  ];
}
const ALICE_SPENT = 15_000 + 4_000 + 4_000;
const WORKSPACE_SPENT = ALICE_SPENT + 30_000;

async function seededHarness(policy: Parameters<typeof harness>[0]) {
  const h = harness(policy);
  for (const r of ledger()) await h.requests.put(r);
  return h;
}

describe('spentBetween and monthWindow', () => {
  it('the UTC calendar month, across a year end', () => {
    expect(monthWindow(at(2026, 12, 31, 23, 59))).toEqual({ fromMs: at(2026, 12, 1, 0), toMs: at(2027, 1, 1, 0) });
    expect(monthWindow(at(2026, 11, 1, 0))).toEqual({ fromMs: at(2026, 11, 1, 0), toMs: at(2026, 12, 1, 0) });
  });

  it('counts receipts by confirmation day: a member, the workspace', () => {
    const w = monthWindow(at(2026, 11, 29));
    expect(spentBetween(ledger(), { ...w, memberId: alice.id })).toBe(ALICE_SPENT);
    expect(spentBetween(ledger(), { ...w, memberId: carol.id })).toBe(30_000);
    expect(spentBetween(ledger(), w)).toBe(WORKSPACE_SPENT);
    expect(spentBetween(ledger(), monthWindow(at(2026, 10, 15)))).toBe(10_000);
  });
});

describe('requests against the budgets', () => {
  const policy = {
    approvalThresholdCents: 10_000,
    memberMonthlyBudgetCents: 25_000,
    workspaceMonthlyBudgetCents: 100_000,
  };

  it('fits both budgets and is under the threshold: straight to the link; the card shows the spending', async () => {
    const h = await seededHarness(policy);
    await h.command(alice, 'fund', '20');
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
    const card = h.messenger.latest(r.card!);
    expect(card?.fields?.filter((f) => f.label === 'Budget').map((f) => f.value)).toEqual([
      `⟦user:${alice.id}⟧: spent this month: $230.00 of $250.00`,
      'Workspace: spent this month: $530.00 of $1,000.00',
    ]);
  });

  it("over the member's budget: needs an approver even under the threshold, and the card says why", async () => {
    const h = await seededHarness(policy);
    const replies = await h.command(alice, 'fund', '20.01');
    expect(replies.at(-1)?.text).toBe(
      `Request req1 needs an approver: it would exceed ⟦user:${alice.id}⟧'s monthly budget: spent $230.00 of $250.00.`,
    );
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_approval');
    expect(r.needsApproval).toBe(true);
    expect(h.billing.links.size).toBe(0);
    expect(h.messenger.latest(r.card!)?.text).toContain(
      `which would exceed ⟦user:${alice.id}⟧'s monthly budget: spent $230.00 of $250.00.`,
    );
    expect(h.audit.entries.find((e) => e.requestId === 'req1')?.detail).toBe(
      "needs approval: over the member's monthly budget",
    );
    await h.click(bob, 'approve', 'req1');
    expect((await h.request('req1')).state).toBe('awaiting_payment');
  });

  it("another member's spending counts for the workspace's budget, not for the member's", async () => {
    const h = await seededHarness({ ...policy, workspaceMonthlyBudgetCents: 55_000 });
    // bob has spent nothing himself: his own budget is untouched, the workspace's is not.
    await h.command(bob, 'fund', '20');
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    await h.command(bob, 'fund', '20.01');
    const r = await h.request('req2');
    expect(r.state).toBe('awaiting_approval');
    expect(h.messenger.latest(r.card!)?.text).toContain(
      "which would exceed the workspace's monthly budget: spent $530.00 of $550.00.",
    );
  });

  it('a new month starts from zero (00:00 UTC on the 1st)', async () => {
    const h = await seededHarness(policy);
    await h.clock.advance(at(2026, 12, 1, 0) - h.clock.now());
    await h.command(alice, 'fund', '99');
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.budget).toMatchObject({ memberSpentCents: 0, workspaceSpentCents: 0 });
  });

  it('budgets unset: exactly as before (no budget lines, the threshold alone decides)', async () => {
    const h = await seededHarness({ approvalThresholdCents: 10_000 });
    await h.command(alice, 'fund', '99');
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.budget).toBeUndefined();
    expect(h.messenger.latest(r.card!)?.fields?.some((f) => f.label === 'Budget')).toBe(false);
    const [balance] = await h.command(alice, 'balance');
    expect(balance?.fields?.some((f) => f.label === 'Budget')).toBe(false);
  });
});

describe('/ml-balance', () => {
  it("shows this month's spending beside each budget; in public, only the workspace's", async () => {
    const h = await seededHarness({ memberMonthlyBudgetCents: 25_000, workspaceMonthlyBudgetCents: 100_000 });
    const [mine] = await h.command(alice, 'balance');
    expect(mine?.fields?.filter((f) => f.label === 'Budget').map((f) => f.value)).toEqual([
      'You: spent this month: $230.00 of $250.00',
      'Workspace: spent this month: $530.00 of $1,000.00',
    ]);
    const [shown] = await h.command(alice, 'balance', 'public');
    expect(shown?.fields?.filter((f) => f.label === 'Budget').map((f) => f.value)).toEqual([
      'Workspace: spent this month: $530.00 of $1,000.00',
    ]);
  });
});
