/**
 * Recovery from leases left by a dead process, failed side effects and unreadable answers, in
 * simulated time: resume() and sweep() never wait for a busy request, and the sweep finishes
 * whatever a request still owes (link, DM, card edit, receipt, DM edit) once it is free.
 */
import { describe, expect, it } from 'vitest';
import { RequestBusyError, RequestLocks } from '../../src/core/requests/request-lock.ts';
import type { LeaseStore } from '../../src/core/shared/ports.ts';
import { MemoryPrimitives } from '../../src/store/memory-primitives.ts';
import { textOf } from '../support/recording-messenger.ts';
import { alice, bob, harness, mallory } from './harness.ts';

const LEASE_TTL = 60_000;
const isReceipt = (kind: string, title: string | undefined) => kind === 'post' && !!title?.startsWith('Receipt');

/** A lease store whose acquire refuses any live lease, even one held by the caller. */
class StrictLeases implements LeaseStore {
  readonly held = new Map<string, string>();
  async acquire(key: string, owner: string) {
    if (this.held.has(key)) return false;
    this.held.set(key, owner);
    return true;
  }
  async renew(key: string, owner: string) {
    return this.held.get(key) === owner;
  }
  async release(key: string, owner: string) {
    if (this.held.get(key) === owner) this.held.delete(key);
  }
}

/** A paid request whose receipt post failed (a crash or a platform error mid-post). */
async function paidWithoutReceipt(h: ReturnType<typeof harness>) {
  await h.command(alice, 'fund', '50');
  await h.click(bob, 'approve', 'req1');
  h.messenger.beforeSend = (kind, reply) => {
    if (isReceipt(kind, reply.title)) throw new Error('receipt post failed');
  };
  await expect(h.outcome('req1', { status: 'paid', alreadyConfirmed: false })).rejects.toThrow('receipt post failed');
  h.messenger.beforeSend = undefined;
  const r = await h.request('req1');
  expect(r.state).toBe('paid');
  expect(r.attempts[0]?.receiptPendingAt).toBeDefined();
  expect(h.messenger.threadPosts(r.card!)).toHaveLength(0);
  return r;
}

describe('request locks', () => {
  it('take back a lease held under their own owner id, even where acquire refuses its holder', async () => {
    const leases = new StrictLeases();
    await leases.acquire('req:x', 'bot');
    let ran = false;
    await new RequestLocks(leases, 'bot', { attempts: 1 }).run('x', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(leases.held.has('req:x')).toBe(false);
    await leases.acquire('req:y', 'other');
    await expect(new RequestLocks(leases, 'bot', { attempts: 1 }).run('y', async () => {})).rejects.toThrow(
      RequestBusyError,
    );
  });

  it('without waiting: a foreign lease or work in progress in this process is refused at once', async () => {
    const leases = new StrictLeases();
    const locks = new RequestLocks(leases, 'bot', { retryDelayMs: 1_000 });
    await leases.acquire('req:foreign', 'dead-process');
    const started = performance.now();
    await expect(locks.run('foreign', async () => {}, { wait: false })).rejects.toThrow(RequestBusyError);
    expect(performance.now() - started).toBeLessThan(500);

    let finish!: () => void;
    const first = locks.run('local', () => new Promise<void>((r) => (finish = r)));
    await expect(locks.run('local', async () => {}, { wait: false })).rejects.toThrow(RequestBusyError);
    finish();
    await first;
    await expect(locks.run('local', async () => 'free', { wait: false })).resolves.toBe('free');
  });
});

describe('a restart that finds a dead process lease', () => {
  const lapsing = { leases: (c: { now(): number }) => new MemoryPrimitives(() => c.now()), ownerId: 'bot-b' };

  it('resume() skips a busy request at once; the sweep posts its receipt once the lease lapses', async () => {
    const h = harness({}, lapsing);
    const r = await paidWithoutReceipt(h);
    expect(await h.leases.acquire('req:req1', 'bot-a', LEASE_TTL)).toBe(true); // the dead process

    const started = performance.now();
    expect(await h.engine.resume()).toEqual({ resumed: 0, busy: 1 });
    expect(performance.now() - started).toBeLessThan(500); // was 50 × 100 ms per busy request
    expect((await h.engine.sweep()).busy).toBe(1);
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(0);

    await h.clock.advance(LEASE_TTL);
    expect(await h.engine.sweep()).toMatchObject({ busy: 0, retried: 1 });
    await h.engine.sweep();
    const receipts = h.messenger.threadPosts(r.card!);
    expect(receipts).toHaveLength(1);
    // The post may have reached the thread before the failure: the second try says so.
    expect(textOf(receipts[0]!.reply)).toMatch(/Re-sent/);
    expect((await h.request('req1')).attempts[0]?.receiptPostedAt).toBeDefined();
  });

  it('a restarted process under the same owner id takes its lease back and posts at once', async () => {
    const h = harness({}, lapsing);
    const r = await paidWithoutReceipt(h);
    await h.leases.acquire('req:req1', 'bot-b', LEASE_TTL); // our own predecessor's
    expect(await h.engine.resume()).toEqual({ resumed: 1, busy: 0 });
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(1);
  });

  it('an approval expiry due on a busy request waits for the next sweep instead of blocking', async () => {
    const h = harness({ approvalTtlMs: 60_000 }, lapsing);
    await h.command(alice, 'fund', '50');
    await h.clock.advance(61_000);
    await h.leases.acquire('req:req1', 'bot-a', LEASE_TTL);
    expect((await h.engine.sweep()).approvalsExpired).toBe(0);
    await h.clock.advance(LEASE_TTL);
    expect((await h.engine.sweep()).approvalsExpired).toBe(1);
    expect((await h.request('req1')).state).toBe('approval_expired');
  });
});

describe('the sweep finishes side effects that failed', () => {
  it('a failed receipt post: card and DM still say paid; the next sweep posts one receipt', async () => {
    const h = harness();
    const r = await paidWithoutReceipt(h);
    expect(r.cardState).toBe('paid');
    expect(r.attempts[0]?.dmState).toBe('paid');
    await h.engine.sweep();
    await h.engine.sweep();
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(1);
  });

  it('a failed card edit and DM edit are retried by the sweep, and given up after an hour', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    let editsTried = 0;
    h.messenger.beforeSend = (kind) => {
      if (kind !== 'update') return;
      editsTried += 1;
      throw new Error('chat.update failed');
    };
    await h.outcome('req1', { status: 'paid', alreadyConfirmed: false });
    let r = await h.request('req1');
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(1);
    expect(r.cardState).toBe('awaiting_payment');
    expect(r.attempts[0]?.dmState).toBe('awaiting_payment');

    await h.clock.advance(30_000);
    const before = editsTried;
    await h.engine.sweep();
    expect(editsTried).toBeGreaterThanOrEqual(before + 2); // card and DM, tried again

    h.messenger.beforeSend = undefined;
    await h.engine.sweep();
    r = await h.request('req1');
    expect(r.cardState).toBe('paid');
    expect(r.attempts[0]?.dmState).toBe('paid');
    expect(textOf(h.messenger.latest(r.card!)!)).toMatch(/paid/i);
    expect(h.messenger.threadPosts(r.card!)).toHaveLength(1);

    // A card that stays uneditable (deleted) is left alone after an hour of retries.
    await h.command(alice, 'fund', '60');
    await h.click(bob, 'approve', 'req2');
    h.messenger.beforeSend = (kind) => {
      if (kind !== 'update') return;
      editsTried += 1;
      throw new Error('message_not_found');
    };
    await h.outcome('req2', { status: 'paid', alreadyConfirmed: false });
    await h.clock.advance(60 * 60_000);
    await h.engine.sweep(); // the last try, then given up
    const after = editsTried;
    await h.engine.sweep();
    expect(editsTried).toBe(after);
    const r2 = await h.request('req2');
    expect(r2.cardState).toBe('paid');
    expect(h.messenger.threadPosts(r2.card!)).toHaveLength(1);
  });
});

describe('"I\'ve paid"', () => {
  it('is refused to anyone but the payer, changes nothing and does not nudge the watcher', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    await h.click(bob, 'approve', 'req1');
    const version = (await h.request('req1')).version;
    for (const stranger of [mallory, bob]) {
      const replies = await h.click(stranger, 'paid', 'req1');
      expect(replies.map(textOf).join(' ')).toMatch(/Only the payer/);
    }
    expect(h.watcher.nudged).toEqual([]);
    expect((await h.request('req1')).version).toBe(version);
    expect((await h.request('req1')).attempts[0]?.paidClickedAt).toBeUndefined();

    const replies = await h.click(alice, 'paid', 'req1');
    expect(replies.map(textOf).join(' ')).toMatch(/Not paid yet/);
    expect(h.watcher.nudged).toEqual([h.watcher.watching.get('req1')?.sessionId]);
  });
});

describe('an unreadable answer to payment-link', () => {
  it('keeps the approval, tells the approver, and the sweep replays the same session', async () => {
    const h = harness();
    await h.command(alice, 'fund', '50');
    h.billing.garbledNext = 1;
    const told = await h.click(bob, 'approve', 'req1');
    expect(told.map(textOf).join(' ')).toMatch(/answer about the payment link for req1 could not be read/);
    expect(told.map(textOf).join(' ')).not.toMatch(/refused|Nothing was charged/);
    expect((await h.request('req1')).state).toBe('approved');
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(0);

    await h.engine.sweep();
    const r = await h.request('req1');
    expect(r.state).toBe('awaiting_payment');
    expect(r.attempts).toHaveLength(1);
    expect(h.billing.links.size).toBe(1);
    expect(r.attempts[0]?.sessionId).toBe([...h.billing.links.values()][0]?.sessionId);
    expect(h.messenger.dmsTo(alice.id)).toHaveLength(1);
  });
});
