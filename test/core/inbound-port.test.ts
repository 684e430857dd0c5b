/**
 * Issue 14: core owns the inbound port. `receive` returns at once (the adapter has acked), the
 * engine tracks the work, `idle()` resolves only after it, and "Never mind" (`dismiss`) is a core
 * action that asks the platform to remove the private message through the responder.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import { alice, bob, harness } from './harness.ts';

const event = (over: Partial<InboundEvent> & Pick<InboundEvent, 'kind'>): InboundEvent =>
  ({
    platform: 'slack',
    eventId: `ev-${Math.random()}`,
    actor: alice,
    conversation: { platform: 'slack', channelId: 'C-general' },
    receivedAt: 0,
    ...over,
  }) as InboundEvent;

describe('the engine as the inbound port', () => {
  it('receive returns at once; idle() resolves only after the work it started is done', async () => {
    const h = harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const realBalance = h.billing.getBalance.bind(h.billing);
    h.billing.getBalance = async () => {
      await gate;
      return realBalance();
    };
    const replies: Reply[] = [];
    h.engine.receive(event({ kind: 'command', command: 'balance', text: '' }), {
      reply: async (r) => void replies.push(r),
    });
    let idle = false;
    const waiting = h.engine.idle().then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(idle).toBe(false);
    expect(replies).toEqual([]);
    release();
    await waiting;
    expect(JSON.stringify(replies)).toContain('123.45');
  });

  it('idle() also waits for an event whose normalising was still going on after the ack', async () => {
    const h = harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const replies: Reply[] = [];
    h.engine.receive(
      async () => {
        await gate; // e.g. Slack asking whether the actor is an approver
        return event({ kind: 'command', command: 'balance', text: '' });
      },
      { reply: async (r) => void replies.push(r) },
    );
    let idle = false;
    const waiting = h.engine.idle().then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(replies).toHaveLength(1);
  });

  it('a failure while normalising gets the one failure answer, and finish still runs', async () => {
    const h = harness();
    const replies: Reply[] = [];
    let finished = 0;
    h.engine.receive(
      async () => {
        throw new Error('the approver lookup failed');
      },
      {
        reply: async (r) => void replies.push(r),
        finish: async () => {
          finished += 1;
        },
      },
    );
    await h.engine.idle();
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/^Something went wrong \(ref: [a-z0-9]{8}\)\.$/),
    ]);
    expect(finished).toBe(1);
  });

  it('"Never mind" asks the responder to remove the clicked message, and changes nothing else', async () => {
    const h = harness();
    let dismissed = 0;
    const replies: Reply[] = [];
    await h.engine.handle(
      event({ kind: 'action', action: 'dismiss', value: 'sub', actor: bob } as Partial<InboundEvent> & {
        kind: 'action';
      }),
      {
        reply: async (r) => void replies.push(r),
        dismiss: async () => {
          dismissed += 1;
        },
      },
    );
    expect(dismissed).toBe(1);
    expect(replies).toEqual([]);
    expect(h.messenger.log).toEqual([]);
  });
});
