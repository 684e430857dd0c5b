/**
 * Restart: a first engine stops (crashes) with requests in every state; a second engine on the
 * same sqlite file and the same ModelsLab finishes them all — exactly one receipt per payment,
 * no second checkout session for one attempt, no request lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestState } from '../../src/core/requests/request.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';
import type { Simulator } from '../../src/sandbox/index.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import { alice, bob } from './harness.ts';
import { live, startSim } from './live.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Crash extends Error {}

function sessionOfDm(messenger: RecordingMessenger, requestId: string): string {
  const dm = messenger.log.findLast((m) => m.kind === 'dm' && m.reply.context?.includes(`Request ${requestId}`));
  const link = dm?.reply.buttons?.find((b) => b.kind === 'link');
  return link?.kind === 'link' ? (link.url.split('/checkout/')[1] ?? '') : '';
}

describe('restart', () => {
  it('finishes requests left in every state with one receipt per payment and one session per attempt', async () => {
    const storeUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
    const shared: { sim: Simulator; apiUrl: string } = await startSim();
    const messenger = new RecordingMessenger('slack'); // Slack keeps its messages across our restart
    let crashAfterLink = false;
    const crashy = (b: BillingPort): BillingPort =>
      new Proxy(b, {
        get(target, key) {
          if (key === 'createPaymentLink') {
            return async (...args: Parameters<BillingPort['createPaymentLink']>) => {
              const link = await target.createPaymentLink(...args);
              if (crashAfterLink) throw new Crash('died after ModelsLab created the link');
              return link;
            };
          }
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const policy = { newRequestLimit: { count: 100, windowMs: 60_000 } };
    const first = await live({ storeUrl, shared, messenger, policy, watcher: 'on-demand', wrapBilling: crashy });
    const ids: Record<string, string> = {};
    const open = async (label: string, amount: number) => {
      await first.command(alice, 'fund', `${amount} ${label}`);
      ids[label] = first.lastRequestId();
      return ids[label]!;
    };

    await open('A-awaiting-approval', 11);

    shared.sim.controls.failNext(1, 503);
    await first.click(bob, 'approve', await open('B-link-outage', 12));

    crashAfterLink = true;
    await first.click(bob, 'approve', await open('C-link-unrecorded', 13));
    crashAfterLink = false;

    messenger.beforeSend = (kind) => {
      if (kind === 'dm') throw new Crash('died while sending the DM');
    };
    await first.click(bob, 'approve', await open('D-dm-unsent', 14));
    messenger.beforeSend = undefined;

    await first.click(bob, 'approve', await open('E-awaiting-payment', 15));

    await first.click(bob, 'approve', await open('H-link-expired', 18));
    shared.sim.controls.expire(sessionOfDm(messenger, ids['H-link-expired']!));
    await first.onDemand.pollAll();

    await first.click(bob, 'approve', await open('G-receipt-unposted', 17));
    shared.sim.controls.markPaid(sessionOfDm(messenger, ids['G-receipt-unposted']!));
    messenger.beforeSend = (kind, reply) => {
      if (kind === 'post' && reply.title?.startsWith('Receipt')) throw new Crash('died while posting the receipt');
    };
    await first.onDemand.pollAll().catch(() => {});
    messenger.beforeSend = undefined;

    await first.click(bob, 'approve', await open('F-paid-while-down', 16));
    shared.sim.controls.markPaid(sessionOfDm(messenger, ids['F-paid-while-down']!));

    const before: Record<string, RequestState | undefined> = {};
    for (const [label, id] of Object.entries(ids)) before[label] = await first.stateOf(id);
    expect(before).toEqual({
      'A-awaiting-approval': 'awaiting_approval',
      'B-link-outage': 'approved',
      'C-link-unrecorded': 'approved',
      'D-dm-unsent': 'link_created',
      'E-awaiting-payment': 'awaiting_payment',
      'H-link-expired': 'expired',
      'G-receipt-unposted': 'paid',
      'F-paid-while-down': 'awaiting_payment',
    });
    const sessionsBefore = shared.sim.state.sessions().length;
    expect(sessionsBefore).toBe(6); // C, D, E, F, G, H (B's call failed, A is not approved)
    await first.close(); // the process dies; Slack and ModelsLab live on

    const second = await live({ storeUrl, shared, messenger, policy });
    try {
      await second.engine.resume();
      // B's link is new; C's was replayed from its idempotency key, not made a second time.
      expect(shared.sim.state.sessions().length).toBe(sessionsBefore + 1);

      // What was still owed to people moves on by itself …
      for (const label of ['B-link-outage', 'C-link-unrecorded', 'D-dm-unsent']) {
        expect(await second.stateOf(ids[label]!)).toBe('awaiting_payment');
      }
      await second.waitFor(async () => (await second.stateOf(ids['F-paid-while-down']!)) === 'paid', 'F paid');
      // … and what needs people works as before.
      await second.click(bob, 'approve', ids['A-awaiting-approval']!);
      await second.click(alice, 'new_link', ids['H-link-expired']!);
      for (const label of [
        'A-awaiting-approval',
        'B-link-outage',
        'C-link-unrecorded',
        'D-dm-unsent',
        'E-awaiting-payment',
        'H-link-expired',
      ]) {
        shared.sim.controls.markPaid(sessionOfDm(messenger, ids[label]!));
      }
      for (const id of Object.values(ids)) {
        await second.waitFor(async () => (await second.stateOf(id)) === 'paid', `${id} paid`);
        await second.waitFor(
          () => messenger.containsText(`Request ${id}`).some((m) => m.reply.title?.startsWith('Receipt')),
          `${id} receipt`,
        );
      }

      for (const id of Object.values(ids)) {
        const receipts = messenger.log.filter(
          (m) =>
            m.kind === 'post' && m.reply.title?.startsWith('Receipt') && m.reply.context?.includes(`Request ${id}`),
        );
        expect(receipts, id).toHaveLength(1);
        const request = (await second.stores.requests.get(id))!;
        expect(receipts[0]?.thread?.messageId).toBe(request.card?.messageId);
        for (const attempt of request.attempts) {
          expect(shared.sim.state.creditsFor(attempt.sessionId!)).toBeLessThanOrEqual(1);
        }
      }
      // One session per attempt: 8 requests, H had two attempts.
      expect(shared.sim.state.sessions().length).toBe(9);
      // G's receipt was interrupted mid-post, so it is labelled as possibly re-sent.
      const g = messenger.log.find(
        (m) =>
          m.reply.title?.startsWith('Receipt') && m.reply.context?.includes(`Request ${ids['G-receipt-unposted']}`),
      );
      expect(g?.reply.context?.join(' ')).toContain('Re-sent because the first post could not be confirmed');
    } finally {
      await second.close();
      await shared.sim.stop();
    }
  });
});
