/**
 * What a person is told when a billing read fails, the same for every command (flow/billing-call.ts):
 * a refusal is a refusal (not "not answering"), and an answer this version cannot read is said as
 * it is, with a ref the operator finds in an error log line, never "try again in a minute".
 */
import { describe, expect, it } from 'vitest';
import { BillingHttpError, BillingSchemaError } from '../../src/core/shared/errors.ts';
import { recordingLogger } from '../billing/recording-logger.ts';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob, harness } from './harness.ts';

const refused = (endpoint: string) =>
  new BillingHttpError({ status: 403, apiCode: 'forbidden', message: 'token lacks billing scope', endpoint });
const unreadable = (endpoint: string) => new BillingSchemaError(endpoint, ['data.balance: expected number']);

describe('a refusal from ModelsLab is said as a refusal', () => {
  it('/ml-balance', async () => {
    const h = harness();
    h.billing.getBalance = async () => {
      throw refused('GET /wallet/balance');
    };
    const replies = await h.command(alice, 'balance');
    const reply = replies.map(textOf).join(' ');
    expect(reply).toContain('ModelsLab refused to show the balance (forbidden). Nothing changed.');
    expect(reply).not.toMatch(/not answering/);
  });

  it('/ml-subscribe', async () => {
    const h = harness();
    h.billing.listPlans = async () => {
      throw refused('GET /subscriptions/plans');
    };
    const replies = await h.command(alice, 'subscribe');
    const reply = replies.map(textOf).join(' ');
    expect(reply).toContain('ModelsLab refused to list the plans (forbidden). Nothing changed.');
    expect(reply).not.toMatch(/not answering/);
  });
});

describe('an answer this version cannot read is not an outage', () => {
  for (const [command, set] of [
    [
      'balance',
      (h: ReturnType<typeof harness>) => {
        h.billing.getBalance = async () => {
          throw unreadable('GET /wallet/balance');
        };
      },
    ],
    [
      'subscribe',
      (h: ReturnType<typeof harness>) => {
        h.billing.listPlans = async () => {
          throw unreadable('GET /subscriptions/plans');
        };
      },
    ],
  ] as const) {
    it(`/ml-${command} says so with a ref that the operator's error line carries`, async () => {
      const { logger, lines } = recordingLogger();
      const h = harness({}, { logger });
      set(h);
      const replies = await h.command(alice, command);
      const reply = replies.map(textOf).join(' ');
      const text = reply;
      expect(text).toMatch(
        /ModelsLab answered in a form this version of mlbot does not understand; the operator has been told \(ref: \w+\)/,
      );
      expect(text).not.toMatch(/not answering|Try again in a minute/);
      const ref = /\(ref: (\w+)\)/.exec(text)?.[1];
      const errorLines = lines.filter((l) => JSON.parse(l).level === 'error');
      expect(errorLines.some((l) => l.includes(`"ref":"${ref}"`))).toBe(true);
    });
  }

  it('a payment link whose answer cannot be read: the same words, the approval kept for a replay with the same key', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    h.billing.garbledNext = 1;
    const told = (await h.click(bob, 'approve', 'req1')).map(textOf).join(' ');
    expect(told).toMatch(/does not understand; the operator has been told \(ref: \w+\)/);
    expect((await h.request('req1')).state).toBe('approved');
    await h.engine.sweep();
    expect((await h.request('req1')).state).toBe('awaiting_payment');
    expect(h.billing.links.size).toBe(1);
  });
});
