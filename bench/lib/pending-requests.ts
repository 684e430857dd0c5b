/** A payment request as the engine leaves it while the payer has the link: awaiting payment, DM sent. */
import type { PaymentRequest } from '../../src/core/requests/request.ts';

export function pendingRequest(i: number, now: number): PaymentRequest {
  const createdAt = now - 60_000 - (i % 3_600) * 1_000;
  const linkCreatedAt = createdAt + 30_000;
  const sessionId = `cs_test_bench${String(i).padStart(8, '0')}${'x'.repeat(44)}`;
  const user = { platform: 'slack' as const, id: `U${String(1000 + (i % 50))}`, name: `payer-${i % 50}` };
  return {
    id: `req-bench-${i}`,
    purpose: 'fund',
    amountCents: 5_000 + (i % 20) * 500,
    note: 'GPU budget for the eval run',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C0BENCH', workspaceId: 'T0BENCH' },
    requester: user,
    payer: user,
    needsApproval: true,
    state: 'awaiting_payment',
    approver: { platform: 'slack', id: 'U0APPROVER', name: 'approver' },
    createdAt,
    updatedAt: linkCreatedAt,
    card: { platform: 'slack', channelId: 'C0BENCH', messageId: `1764400000.${String(i).padStart(6, '0')}` },
    cardState: 'awaiting_payment',
    attempts: [
      {
        n: 1,
        idempotencyKey: `paylink-req-bench-${i}-1`,
        sessionId,
        paymentUrl: `https://checkout.stripe.com/c/pay/${sessionId}`,
        expiresAt: linkCreatedAt + 24 * 3_600_000,
        linkCreatedAt,
        dm: { platform: 'slack', channelId: `D${i}`, messageId: `1764400001.${String(i).padStart(6, '0')}` },
        dmSentAt: linkCreatedAt + 500,
      },
    ],
    version: 5,
  };
}
