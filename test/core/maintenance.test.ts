import { describe, expect, it } from 'vitest';
import { CheckoutOutcomeRelay } from '../../src/core/engine.ts';
import { alice, bob, harness } from './harness.ts';

describe('sweep, start and resume', () => {
  it('start() sweeps on the engine clock until stop()', async () => {
    const h = harness({ approvalTtlMs: 5 * 60_000 });
    await h.command(alice, 'fund', '50');
    h.engine.start(60_000);
    await h.clock.advance(4 * 60_000);
    expect((await h.request('req1')).state).toBe('awaiting_approval');
    await h.clock.advance(2 * 60_000);
    expect((await h.request('req1')).state).toBe('approval_expired');
    h.engine.stop();
    expect(h.clock.pending()).toBe(0);
  });

  it('resume() re-watches payments, re-edits stale cards and re-posts nothing already done', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    h.watcher.watching.clear(); // a fresh process knows nothing
    const posts = h.messenger.log.length;
    await h.engine.resume();
    expect(h.watcher.watching.get('req1')?.attempt).toBe(1);
    expect(h.messenger.log.length).toBe(posts);
  });

  it('resume() posts a receipt still owed by a paid request', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    h.messenger.beforeSend = (kind, reply) => {
      if (kind === 'post' && reply.title?.startsWith('Receipt')) throw new Error('crash');
    };
    const w = h.watcher.watching.get('req1')!;
    await h.engine.onCheckoutOutcome(w, { status: 'paid', alreadyConfirmed: false }).catch(() => {});
    h.messenger.beforeSend = undefined;
    const r = await h.request('req1');
    expect(r.state).toBe('paid');
    expect(r.attempts[0]?.receiptPendingAt).toBeDefined();
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(0);
    await h.engine.resume();
    await h.engine.resume();
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(1);
  });

  it('reports every transition to metrics', async () => {
    const seen: string[] = [];
    const metrics = {
      requestTransition: (purpose: string, to: string) => seen.push(`${purpose}:${to}`),
      billingCall() {},
      ackLatency() {},
      watcherDepth() {},
    };
    const h = harness({}, { metrics });
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    expect(seen).toEqual(['fund:awaiting_approval', 'fund:approved', 'fund:link_created', 'fund:awaiting_payment']);
  });

  it('the relay refuses outcomes until the engine is attached', async () => {
    const relay = new CheckoutOutcomeRelay();
    const watch = { requestId: 'x', attempt: 1, purpose: 'fund' as const, sessionId: 's', expiresAt: 0 };
    await expect(relay.onCheckoutOutcome(watch, { status: 'expired' })).rejects.toThrow('attach the engine');
  });
});
