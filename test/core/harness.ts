/** Builds an engine on fakes of our own ports, plus helpers to send commands and clicks. */

import { ConversationEngine } from '../../src/core/engine.ts';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import type { RequestLockOptions } from '../../src/core/requests/request-lock.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { makePolicy, type Policy } from '../../src/core/shared/policy.ts';
import type { BillingPort, Clock, ConfirmOutcome, LeaseStore, Logger, Metrics } from '../../src/core/shared/ports.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { ActionName, Actor, CommandName, InboundEvent } from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import {
  FakeEngineBilling,
  FakeWatcher,
  MemoryAudit,
  MemoryKv,
  MemoryLeases,
  MemoryOnce,
  MemoryRequests,
} from './fakes.ts';

export const alice: Actor = { platform: 'slack', id: 'U-alice', name: 'alice', isApprover: false };
export const bob: Actor = { platform: 'slack', id: 'U-bob', name: 'bob', isApprover: true };
export const carol: Actor = { platform: 'slack', id: 'U-carol', name: 'carol', isApprover: true };
export const mallory: Actor = { platform: 'slack', id: 'U-mallory', name: 'mallory', isApprover: false };

export interface HarnessExtras {
  readonly metrics?: Metrics;
  /** Lease store; built from the clock when a function (leases that expire in simulated time). */
  readonly leases?: LeaseStore | ((clock: Clock) => LeaseStore);
  readonly ownerId?: string;
  readonly lock?: Partial<RequestLockOptions>;
  /** The engine's logger (silent unless a test reads the lines). */
  readonly logger?: Logger;
}

export function harness(policy: Partial<Policy> = {}, extra: HarnessExtras = {}) {
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 12, 0));
  const leases = typeof extra.leases === 'function' ? extra.leases(clock) : (extra.leases ?? new MemoryLeases());
  const messenger = new RecordingMessenger('slack');
  const billing = new FakeEngineBilling(() => clock.now());
  const requests = new MemoryRequests();
  const audit = new MemoryAudit();
  const watcher = new FakeWatcher();
  let seq = 0;
  const engine = new ConversationEngine(
    {
      billing: billing as unknown as BillingPort,
      requests,
      once: new MemoryOnce(),
      leases,
      audit,
      kv: new MemoryKv(),
      messengers: new Map([['slack', messenger]]),
      messages: createMessageFormatter(),
      watcher,
      clock,
      logger: extra.logger ?? silentLogger,
      newId: () => `req${++seq}`,
      ...(extra.metrics ? { metrics: extra.metrics } : {}),
    },
    makePolicy(policy),
    {
      ...(extra.ownerId ? { ownerId: extra.ownerId } : {}),
      ...(extra.lock ? { lock: extra.lock } : {}),
    },
  );
  let eventSeq = 0;
  const base = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `ev${++eventSeq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C-general' },
    receivedAt: clock.now(),
  });

  async function command(actor: Actor, command: CommandName, text = '', eventId?: string) {
    const event: InboundEvent = { ...base(actor), kind: 'command', command, text, ...(eventId ? { eventId } : {}) };
    const responder = messenger.responder(actor.id);
    await engine.handle(event, responder);
    return responder.replies;
  }

  /** A click on the message that shows the button (found in what the bot sent); none if it never did. */
  async function click(actor: Actor, action: ActionName, value: string, eventId?: string) {
    const message = messenger.messageWithButton(action, value, actor.id);
    const event: InboundEvent = {
      ...base(actor),
      kind: 'action',
      action,
      value,
      ...(eventId ? { eventId } : {}),
      ...(message ? { message } : {}),
    };
    const responder = messenger.responder(actor.id);
    await engine.handle(event, responder);
    return responder.replies;
  }

  async function request(id: string): Promise<PaymentRequest> {
    const r = await requests.get(id);
    if (!r) throw new Error(`no request ${id}`);
    return r;
  }

  /** What the watcher would report for the request's current attempt. */
  async function outcome(id: string, o: ConfirmOutcome) {
    const w = watcher.watching.get(id);
    if (!w) throw new Error(`${id} is not being watched`);
    await engine.onCheckoutOutcome(w, o);
  }

  return { engine, clock, messenger, billing, requests, audit, watcher, leases, command, click, request, outcome };
}

export const paidOutcome = (balanceCents = 60_000): ConfirmOutcome => ({
  status: 'paid',
  alreadyConfirmed: false,
  balanceCents,
});
