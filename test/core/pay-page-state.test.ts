/** What the tracked pay link shows, per state of the request and its session (core/pay-page-state.ts). */
import { describe, expect, it } from 'vitest';
import { payPageState } from '../../src/core/requests/pay-page-state.ts';
import type { CheckoutAttempt, PaymentRequest } from '../../src/core/requests/request.ts';
import type { Cents } from '../../src/core/shared/money.ts';
import { en } from '../support/texts.ts';

const NOW = Date.UTC(2026, 11, 1, 10, 0);
const STRIPE = 'https://checkout.stripe.com/c/pay/cs_test_secret';

function attempt(n: number, extra: Partial<CheckoutAttempt> = {}): CheckoutAttempt {
  return {
    n,
    idempotencyKey: `paylink-r1-${n}`,
    sessionId: `cs_test_${n}`,
    paymentUrl: STRIPE,
    expiresAt: NOW + 3_600_000,
    ...extra,
  };
}

function request(state: PaymentRequest['state'], attempts: CheckoutAttempt[]): PaymentRequest {
  return {
    id: 'rabc234def',
    purpose: 'fund',
    amountCents: 2500 as Cents,
    note: '',
    platform: 'web',
    conversation: { platform: 'web', channelId: 'c' },
    requester: { platform: 'web', id: 'u' },
    payer: { platform: 'web', id: 'u' },
    needsApproval: true,
    state,
    createdAt: NOW - 60_000,
    updatedAt: NOW,
    attempts,
    version: 1,
  };
}

describe('the pay page', () => {
  it('redirects to the checkout while the session can be paid', () => {
    const a = attempt(1);
    const page = payPageState(en, request('awaiting_payment', [a]), a, NOW);
    expect(page).toMatchObject({ kind: 'redirect', redirectTo: STRIPE });
  });

  it('already paid: the receipt figures, no redirect', () => {
    const a = attempt(1, { confirmedAt: NOW - 1000, balanceCents: 12_345 as Cents });
    const page = payPageState(en, request('paid', [a]), a, NOW);
    expect(page.kind).toBe('paid');
    expect(page.redirectTo).toBeUndefined();
    const text = page.lines.join(' ');
    expect(text.match(/\$25\.00/g)).toHaveLength(1);
    expect(text).toContain('$123.45');
    expect(text).not.toContain(STRIPE);
  });

  it('paid through a newer link: the older link shows that payment, not a redirect', () => {
    const old = attempt(1);
    const paid = attempt(2, { confirmedAt: NOW - 1000, balanceCents: 5000 as Cents });
    expect(payPageState(en, request('paid', [old, paid]), old, NOW).kind).toBe('paid');
  });

  it('replaced: says the newer link was sent by DM, and that a payment on this one is still credited', () => {
    const old = attempt(1);
    const page = payPageState(en, request('awaiting_payment', [old, attempt(2)]), old, NOW);
    expect(page.kind).toBe('replaced');
    expect(page.lines.join(' ')).toMatch(/newer link was sent to you by DM/);
    expect(page.lines.join(' ')).toMatch(/still be credited/);
  });

  it('expired: the time it ended and how to get a new one', () => {
    const a = attempt(1, { expiresAt: NOW - 1000 });
    const page = payPageState(en, request('expired', [a]), a, NOW);
    expect(page.kind).toBe('expired');
    expect(page.lines.join(' ')).toMatch(/New link/);
  });

  it('a session ModelsLab ended early is expired even before its expiresAt', () => {
    const a = attempt(1, { sessionEnd: 'expired', sessionEndedAt: NOW - 1000 });
    expect(payPageState(en, request('awaiting_payment', [a]), a, NOW).kind).toBe('expired');
  });

  it('cancelled: nothing to pay, and a payment on the old session would still be credited', () => {
    const a = attempt(1);
    const page = payPageState(en, request('cancelled', [a]), a, NOW);
    expect(page.kind).toBe('cancelled');
    expect(page.redirectTo).toBeUndefined();
    expect(page.lines.join(' ')).toMatch(/would still be credited/);
    // The amount is said once ("$25.00 ($25.00)" before).
    expect(page.lines.join(' ').match(/\$25\.00/g)).toHaveLength(1);
  });
});
