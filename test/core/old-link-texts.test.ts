/**
 * Every text that tells a payer about an old link says the truth: it stays payable until its
 * expiry (a human time), and a payment on it is credited, not lost; once past the expiry, that it
 * expired then. No text tells the payer a link "no longer works" or not to use it.
 */
import { describe, expect, it } from 'vitest';
import { closedDm, expiredLinkDm, latePaymentDm, supersededDm } from '../../src/core/requests/payer-dm.ts';
import { receipt } from '../../src/core/requests/receipt.ts';
import type { CheckoutAttempt, PaymentRequest } from '../../src/core/requests/request.ts';
import { en } from '../support/texts.ts';

const NOW = Date.UTC(2026, 11, 1, 6, 43);
const attempt: CheckoutAttempt = {
  n: 1,
  idempotencyKey: 'paylink-r1-1',
  sessionId: 'cs_test_abcdefgh12345678',
  expiresAt: Date.UTC(2026, 11, 2, 6, 43),
};
const request: PaymentRequest = {
  id: 'r1',
  purpose: 'fund',
  amountCents: 5_000,
  note: '',
  platform: 'slack',
  conversation: { platform: 'slack', channelId: 'C1' },
  requester: { platform: 'slack', id: 'U1' },
  payer: { platform: 'slack', id: 'U1' },
  needsApproval: true,
  state: 'cancelled',
  closedBy: { platform: 'slack', id: 'U2' },
  createdAt: NOW,
  updatedAt: NOW,
  attempts: [attempt],
  version: 1,
};

describe('texts about an old link', () => {
  it('a cancelled request: the link stays payable until its expiry, and a payment on it is credited', () => {
    const text = closedDm(en, request, attempt, NOW).text;
    expect(text).toContain('stays payable until 2 Dec, 06:43 UTC');
    expect(text).toContain('credited');
    expect(text).not.toMatch(/do not use|no longer works/i);
  });

  it('past the expiry: it says the link expired then, and a payment that went through is still credited', () => {
    const later = Date.UTC(2026, 11, 3);
    for (const reply of [closedDm(en, request, attempt, later), expiredLinkDm(en, request, attempt, later)]) {
      expect(reply.text).toContain('expired at 2 Dec, 06:43 UTC');
      expect(reply.text).toContain('credited');
      expect(reply.buttons ?? []).toEqual([]);
    }
  });

  it('a link ModelsLab ended before its expiry (Expire now): it says it can no longer be paid, never "payable until"', () => {
    const ended = { ...attempt, sessionEnd: 'expired' as const, sessionEndedAt: NOW - 60_000 };
    for (const reply of [
      expiredLinkDm(en, { ...request, state: 'expired' }, ended, NOW),
      closedDm(en, request, ended, NOW),
    ]) {
      expect(reply.text).toContain('expired at 1 Dec, 06:42 UTC and can no longer be paid');
      expect(reply.text).not.toContain('payable until');
    }
  });

  it('a superseded link: no buttons, the newer link named, the old one payable until its expiry', () => {
    const reply = supersededDm(en, { ...request, state: 'awaiting_payment' }, attempt, NOW);
    expect(reply.buttons ?? []).toEqual([]);
    expect(reply.text).toContain('A newer payment link');
    expect(reply.text).toContain('stays payable until 2 Dec, 06:43 UTC');
  });

  it('a double payment: credited, with what to do since ModelsLab has no refund endpoint', () => {
    const paid = { ...attempt, confirmedAt: NOW, paidAfter: 'double' as const, balanceCents: 10_000 };
    const dm = latePaymentDm(en, { ...request, state: 'paid' }, paid).text;
    expect(dm).toContain('second payment');
    expect(dm).toContain('stays in the wallet as credit');
    expect(dm).toContain('contact ModelsLab support');
    const posted = receipt(en, { ...request, state: 'paid' }, paid);
    expect(posted.title).toContain('double payment');
    expect(posted.text).toContain('⟦approvers⟧');
  });
});
