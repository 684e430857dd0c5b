/**
 * Issue 17 item 3 in simulated time: one reminder in the card's thread, one escalation to the
 * fallback approvers (who may decide only from then on), the expiry with a DM to the requester,
 * and restarts (a new engine on the same stores) at every step without a lost or doubled post.
 */

import { describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../src/core/engine.ts';
import { mayApproveAsFallback } from '../../src/core/requests/escalation.ts';
import { postKey } from '../../src/core/requests/reminders.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { makePolicy, type Policy } from '../../src/core/shared/policy.ts';
import type { BillingPort, KeyValueStore, Messenger } from '../../src/core/shared/ports.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { MENTION_APPROVERS, MENTION_FALLBACK, type Reply, renderText } from '../../src/core/shared/reply.ts';
import type {
  ActionName,
  Actor,
  ConversationRef,
  InboundEvent,
  MessageRef,
  UserRef,
} from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { RecordingMessenger, textOf } from '../support/recording-messenger.ts';
import {
  FakeEngineBilling,
  FakeWatcher,
  MemoryAudit,
  MemoryKv,
  MemoryLeases,
  MemoryOnce,
  MemoryRequests,
} from './fakes.ts';
import { alice, bob } from './harness.ts';

const HOUR = 60 * 60 * 1000;
const SWEEP = 30_000;
const REMIND = { reminderAfterMs: 4 * HOUR, escalateAfterMs: 8 * HOUR, approvalTtlMs: 24 * HOUR };
const dave: Actor = { platform: 'slack', id: 'U-dave', name: 'dave', isApprover: false, isFallbackApprover: true };

/** A kv that "crashes" (throws) on the first write matching `when`, as a process dying there would. */
class CrashingKv implements KeyValueStore {
  crashWhen: ((key: string, value: unknown) => boolean) | undefined;
  readonly inner = new MemoryKv();
  get<T>(k: string) {
    return this.inner.get<T>(k);
  }
  async set<T>(k: string, v: T, _ttl?: number) {
    if (this.crashWhen?.(k, v)) {
      this.crashWhen = undefined;
      throw new Error('process died');
    }
    return this.inner.set(k, v);
  }
  delete(k: string) {
    return this.inner.delete(k);
  }
}

/**
 * The platform adapters' post keys, as Slack's post journal and Discord's nonces behave with a
 * store (adapters/slack/post-once.ts): a process that posts the same message a dead process
 * already posted gets the first post back instead of a second one. Same process: a new message.
 */
class AdoptingMessenger implements Messenger {
  readonly platform = 'slack' as const;
  readonly #journal = new Map<string, { ref: MessageRef; boot: number }>();
  readonly inner: RecordingMessenger;
  readonly boot: () => number;
  constructor(inner: RecordingMessenger, boot: () => number) {
    this.inner = inner;
    this.boot = boot;
  }
  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }) {
    const identity = JSON.stringify([to.channelId, options?.thread?.messageId ?? '', reply.text]);
    const earlier = this.#journal.get(identity);
    if (earlier && earlier.boot !== this.boot()) return earlier.ref;
    const ref = await this.inner.post(to, reply, options);
    this.#journal.set(identity, { ref, boot: this.boot() });
    return ref;
  }
  update(message: MessageRef, reply: Reply) {
    return this.inner.update(message, reply);
  }
  dm(user: UserRef, reply: Reply) {
    return this.inner.dm(user, reply);
  }
}

/** Stores that survive a restart; `boot()` builds a new engine (a new process) over them. */
function world(policy: Partial<Policy> = REMIND) {
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 12, 0));
  const messenger = new RecordingMessenger('slack');
  const requests = new MemoryRequests();
  const audit = new MemoryAudit();
  const kv = new CrashingKv();
  const once = new MemoryOnce();
  const leases = new MemoryLeases();
  const billing = new FakeEngineBilling(() => clock.now());
  let seq = 0;
  let eventSeq = 0;
  let boots = 0;
  const platform = new AdoptingMessenger(messenger, () => boots);
  function boot() {
    boots += 1;
    return new ConversationEngine(
      {
        billing: billing as unknown as BillingPort,
        messages: createMessageFormatter(),
        requests,
        once,
        leases,
        audit,
        kv,
        messengers: new Map([['slack', platform]]),
        watcher: new FakeWatcher(),
        clock,
        logger: silentLogger,
        newId: () => `req${++seq}`,
      },
      makePolicy(policy),
      { ownerId: `engine-${boots}` },
    );
  }
  let engine = boot();
  const base = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `ev${++eventSeq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C-general' },
    receivedAt: clock.now(),
  });
  return {
    clock,
    messenger,
    requests,
    audit,
    kv,
    get engine() {
      return engine;
    },
    restart() {
      engine.stop();
      engine = boot();
    },
    async fund(actor: Actor, text: string) {
      const event: InboundEvent = { ...base(actor), kind: 'command', command: 'fund', text };
      await engine.handle(event, messenger.responder(actor.id));
    },
    async click(actor: Actor, action: ActionName, value: string) {
      const message = messenger.messageWithButton(action, value, actor.id);
      const event: InboundEvent = { ...base(actor), kind: 'action', action, value, ...(message ? { message } : {}) };
      const responder = messenger.responder(actor.id);
      await engine.handle(event, responder);
      return responder.replies;
    },
    /** Run the sweep every 30 s of simulated time for `ms` (the production cadence). */
    async sweepFor(ms: number) {
      for (let t = 0; t < ms; t += SWEEP) {
        await clock.advance(SWEEP);
        await engine.sweep();
      }
    },
    async request(id: string) {
      const r = await requests.get(id);
      if (!r) throw new Error(`no request ${id}`);
      return r;
    },
    thread(card: Parameters<RecordingMessenger['threadPosts']>[0]) {
      return messenger.threadPosts(card).map((p) => textOf(p.reply));
    },
  };
}

const reminders = (posts: string[]) => posts.filter((p) => p.includes('Waiting for approval for'));
const escalations = (posts: string[]) => posts.filter((p) => p.includes('No approver answered for'));

describe('approval reminders', () => {
  it('posts one reminder in the card thread at 4 h (± one sweep), mentioning the approvers, no new card', async () => {
    const w = world();
    await w.fund(alice, '50 for the GPU batch');
    const card = (await w.request('req1')).card!;
    const channelPostsBefore = w.messenger.channelPosts().filter((p) => !p.thread).length;
    await w.sweepFor(4 * HOUR - 2 * SWEEP);
    expect(reminders(w.thread(card))).toHaveLength(0);
    await w.sweepFor(2 * SWEEP);
    const sent = reminders(w.thread(card));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Waiting for approval for 4 hours');
    expect(sent[0]).toContain('$50.00');
    expect(sent[0]).toContain('GPU batch');
    expect(sent[0]).toContain(MENTION_APPROVERS);
    const r = await w.request('req1');
    expect(r.reminderSentAt).toBeGreaterThanOrEqual(r.createdAt + 4 * HOUR);
    expect(r.reminderSentAt).toBeLessThanOrEqual(r.createdAt + 4 * HOUR + SWEEP);
    await w.sweepFor(3 * HOUR);
    expect(reminders(w.thread(card))).toHaveLength(1);
    expect(w.messenger.channelPosts().filter((p) => !p.thread && p.kind === 'post')).toHaveLength(channelPostsBefore);
    expect(w.audit.entries.filter((e) => e.detail === 'reminder sent to the approvers')).toHaveLength(1);
  });

  it('escalates once at 8 h to the fallback approvers, then expires at 24 h and DMs the requester', async () => {
    const w = world();
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    await w.sweepFor(8 * HOUR + SWEEP);
    const esc = escalations(w.thread(card));
    expect(esc).toHaveLength(1);
    expect(esc[0]).toContain('No approver answered for 8 hours');
    expect(esc[0]).toContain(MENTION_FALLBACK);
    expect((await w.request('req1')).escalatedAt).toBeDefined();
    await w.sweepFor(16 * HOUR);
    expect((await w.request('req1')).state).toBe('approval_expired');
    expect(escalations(w.thread(card))).toHaveLength(1);
    expect(reminders(w.thread(card))).toHaveLength(1);
    const dms = w.messenger.dmsTo(alice.id).map((d) => textOf(d.reply));
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('expired: no approver answered it within 24 hours');
    expect(dms[0]).toContain('ask again');
    await w.sweepFor(HOUR);
    expect(w.messenger.dmsTo(alice.id)).toHaveLength(1);
    const details = w.audit.entries.map((e) => e.detail);
    expect(details).toContain('escalated to the fallback approvers');
    expect(w.audit.entries.filter((e) => e.to === 'approval_expired')).toHaveLength(1);
  });

  it('a restart between the reminder and the escalation: escalation once, reminder not repeated', async () => {
    const w = world();
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    await w.sweepFor(5 * HOUR);
    expect(reminders(w.thread(card))).toHaveLength(1);
    w.restart();
    await w.engine.resume();
    await w.sweepFor(4 * HOUR);
    w.restart();
    await w.engine.resume();
    await w.sweepFor(HOUR);
    expect(reminders(w.thread(card))).toHaveLength(1);
    expect(escalations(w.thread(card))).toHaveLength(1);
  });

  it('a crash after the reminder is decided, before it is posted: the next process posts it once', async () => {
    const w = world();
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    w.kv.crashWhen = (k, v) => k === postKey('reminder', 'req1') && !(v as { postedAt?: number }).postedAt;
    await w.sweepFor(4 * HOUR); // the reminder is due in the last sweep, which dies
    expect((await w.request('req1')).reminderSentAt).toBeDefined();
    expect(reminders(w.thread(card))).toHaveLength(0);
    w.restart();
    await w.sweepFor(2 * SWEEP);
    expect(reminders(w.thread(card))).toHaveLength(1);
  });

  it('a crash after the post, before it is recorded: the next process posts it again and the post key adopts it', async () => {
    const w = world();
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    w.kv.crashWhen = (k, v) => k === postKey('reminder', 'req1') && !!(v as { postedAt?: number }).postedAt;
    await w.sweepFor(4 * HOUR); // the reminder is due in the last sweep, which dies after the post
    expect(reminders(w.thread(card))).toHaveLength(1);
    w.restart();
    await w.sweepFor(HOUR);
    expect(reminders(w.thread(card))).toHaveLength(1);
    const record = await w.kv.get<{ postedAt?: number }>(postKey('reminder', 'req1'));
    expect(record?.postedAt).toBeDefined(); // the adopted post is recorded: never sent a third time
  });

  it('a post the platform refused is retried by the next sweep, once', async () => {
    const w = world();
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    w.messenger.beforeSend = (kind, reply) => {
      if (kind === 'post' && reply.text.includes('Waiting for approval')) throw new Error('slack internal_error');
    };
    await w.sweepFor(4 * HOUR + SWEEP);
    w.messenger.beforeSend = undefined;
    expect(reminders(w.thread(card))).toHaveLength(0);
    await w.sweepFor(3 * SWEEP);
    expect(reminders(w.thread(card))).toHaveLength(1);
  });

  it('a fallback approver is refused before the escalation and may approve after it', async () => {
    const w = world();
    await w.fund(alice, '50');
    await w.sweepFor(5 * HOUR);
    expect(mayApproveAsFallback(dave, await w.request('req1'))).toBe(false);
    const refused = await w.click(dave, 'approve', 'req1');
    expect(textOf(refused[0]!)).toContain('Only approvers can approve');
    expect((await w.request('req1')).state).toBe('awaiting_approval');
    await w.sweepFor(3 * HOUR + SWEEP);
    expect(mayApproveAsFallback(dave, await w.request('req1'))).toBe(true);
    await w.click(dave, 'approve', 'req1');
    const r = await w.request('req1');
    expect(r.state).not.toBe('awaiting_approval');
    expect(r.approver?.id).toBe(dave.id);
  });

  it('a fallback approver cannot approve their own escalated request', async () => {
    const w = world();
    const erin: Actor = { platform: 'slack', id: 'U-erin', name: 'erin', isApprover: false, isFallbackApprover: true };
    await w.fund(erin, '50');
    await w.sweepFor(8 * HOUR + SWEEP);
    expect((await w.request('req1')).escalatedAt).toBeDefined();
    const refused = await w.click(erin, 'approve', 'req1');
    expect(textOf(refused[0]!)).toContain('cannot approve or deny your own request');
    expect((await w.request('req1')).state).toBe('awaiting_approval');
  });

  it('an approved request gets no reminder, escalation or expiry DM', async () => {
    const w = world();
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    await w.click(bob, 'approve', 'req1');
    await w.sweepFor(9 * HOUR);
    expect(reminders(w.thread(card))).toHaveLength(0);
    expect(escalations(w.thread(card))).toHaveLength(0);
  });

  it('settings off: no reminder, no escalation, and the expiry still tells the requester', async () => {
    const w = world({ approvalTtlMs: 24 * HOUR });
    await w.fund(alice, '50');
    const card = (await w.request('req1')).card!;
    await w.sweepFor(24 * HOUR + SWEEP);
    expect(w.thread(card)).toHaveLength(0);
    expect((await w.request('req1')).state).toBe('approval_expired');
    expect(w.messenger.dmsTo(alice.id)).toHaveLength(1);
  });

  it('MENTION_FALLBACK renders with the formatter, falling back to the approvers when it has none', () => {
    const fmt = { escape: (s: string) => s, user: (id: string) => `<@${id}>`, approvers: () => '<!subteam^SAPP>' };
    expect(renderText(`x ${MENTION_FALLBACK}`, { ...fmt, fallback: () => '<!subteam^SFB>' })).toBe('x <!subteam^SFB>');
    expect(renderText(`x ${MENTION_FALLBACK}`, fmt)).toBe('x <!subteam^SAPP>');
  });
});
