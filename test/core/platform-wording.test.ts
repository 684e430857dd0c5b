/** Wording that depends on the platform: usage lines as typed there, where the receipt appears. */
import { describe, expect, it } from 'vitest';
import { requestCard } from '../../src/core/requests/card.ts';
import { receipt } from '../../src/core/requests/receipt.ts';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import { refusal } from '../../src/core/shared/notices.ts';
import { commandLine } from '../../src/core/shared/usage.ts';
import { en } from '../support/texts.ts';

const FUND = { usage: '/ml-fund <amount> [note]', example: '/ml-fund 50 eval run' };

describe('usage lines', () => {
  it('reads as typed on each platform: free text on Slack, named options on Discord', () => {
    expect(refusal('Too small.', FUND, 'slack', en).text).toBe(
      'Too small. Usage: /ml-fund <amount> [note] — e.g. /ml-fund 50 eval run',
    );
    expect(refusal('Too small.', FUND, 'discord', en).text).toBe(
      'Too small. Usage: /ml-fund amount:<amount> note:<note> — e.g. /ml-fund amount:50 note:eval run',
    );
    expect(refusal('Too small.', FUND, 'slack', en).text).toContain('/ml-fund <amount> [note]');
  });

  it.each([
    ['/ml-subscribe [plan id or name]', '/ml-subscribe plan:<plan id or name>'],
    ['/ml-subscribe Premium', '/ml-subscribe plan:Premium'],
    ['/ml-balance public', '/ml-balance public:True'],
    ['/ml-balance', '/ml-balance'],
    ['/ml-fund 50', '/ml-fund amount:50'],
    ['/ml coupon <code>', '/ml coupon <code>'],
  ])('Discord: %s → %s', (slack, discord) => {
    expect(commandLine(slack, 'discord')).toBe(discord);
    expect(commandLine(slack, 'slack')).toBe(slack);
  });
});

describe('where the receipt is', () => {
  const paid = (platform: 'slack' | 'discord') =>
    ({
      id: 'r1',
      platform,
      purpose: 'fund',
      amountCents: 5000,
      state: 'paid',
      requester: { platform, id: 'u1' },
      payer: { platform, id: 'u1' },
      conversation: { platform, channelId: 'c1' },
      attempts: [],
      createdAt: 0,
      updatedAt: 0,
    }) as unknown as PaymentRequest;

  it('says "thread" on Slack and "reply to this card" on Discord, where receipts are replies', () => {
    expect(requestCard(en, paid('slack')).text).toContain('The receipt is in the thread.');
    expect(requestCard(en, paid('discord')).text).toContain('The receipt is posted as a reply to this card.');
    expect(requestCard(en, paid('discord')).text).not.toContain('thread');
    const again = (platform: 'slack' | 'discord') =>
      (receipt(en, paid(platform), { n: 1, sessionId: 'cs_1' } as never, { resent: true }).context ?? []).join(' ');
    expect(again('slack')).toContain('this thread already has a receipt');
    expect(again('discord')).not.toContain('thread');
  });
});
