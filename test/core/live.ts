/**
 * An engine on the real parts: the ModelsLab simulator over loopback HTTP, the real billing
 * client, real stores and (when `realWatcher`) the real checkout watcher. Only the chat platform
 * is recorded (RecordingMessenger), because Messenger is our port.
 */
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { CheckoutOutcomeRelay, ConversationEngine } from '../../src/core/engine.ts';
import { makePolicy, type Policy } from '../../src/core/policy.ts';
import {
  type BillingPort,
  type CheckoutWatch,
  type CheckoutWatcher,
  type Clock,
  silentLogger,
  systemClock,
} from '../../src/core/ports.ts';
import type { ActionName, Actor, CommandName, InboundEvent } from '../../src/core/types.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';

/**
 * Stand-in for the real watcher: checks every watched checkout when `pollAll()` is called.
 * Polling on demand keeps these engine tests deterministic; watcher timing has its own tests.
 */
export class OnDemandWatcher implements CheckoutWatcher {
  readonly watching = new Map<string, CheckoutWatch>();
  readonly #billing: BillingPort;
  readonly #sink: CheckoutOutcomeRelay;
  #poll = 0;
  constructor(billing: BillingPort, sink: CheckoutOutcomeRelay) {
    this.#billing = billing;
    this.#sink = sink;
  }
  watch(w: CheckoutWatch) {
    this.watching.set(w.requestId, w);
  }
  nudge() {}
  unwatch(id: string) {
    this.watching.delete(id);
  }
  size() {
    return this.watching.size;
  }
  async pollAll() {
    for (const w of [...this.watching.values()]) {
      const outcome = await this.#billing.confirmCheckout(
        w.purpose,
        w.sessionId,
        `confirm-${w.sessionId}-${++this.#poll}`,
      );
      if (outcome.status !== 'pending') await this.#sink.onCheckoutOutcome(w, outcome);
    }
  }
}

export interface LiveOptions {
  readonly policy?: Partial<Policy>;
  readonly storeUrl?: string;
  /** A simulator shared between engines (restart tests), with its apiUrl. */
  readonly shared?: { readonly sim: Simulator; readonly apiUrl: string };
  readonly clock?: Clock;
  /** Wrap the billing port (crash injection in restart tests). */
  readonly wrapBilling?: (b: BillingPort) => BillingPort;
}

export async function startSim(clock: Clock = systemClock): Promise<{ sim: Simulator; apiUrl: string }> {
  const sim = createSimulator({ clock });
  const { apiUrl } = await sim.start(0);
  return { sim, apiUrl };
}

export async function live(options: LiveOptions = {}) {
  const clock = options.clock ?? systemClock;
  const { sim, apiUrl } = options.shared ?? (await startSim(clock));
  const ownSim = !options.shared;
  const client = new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', clock, retry: { limit: 0 } });
  const realBilling = new ModelsLabBilling(client);
  const billing = options.wrapBilling ? options.wrapBilling(realBilling) : realBilling;
  const stores: Stores = await createStores(options.storeUrl ?? 'memory://', { clock });
  const messenger = new RecordingMessenger('slack');
  const relay = new CheckoutOutcomeRelay();
  const watcher = new OnDemandWatcher(billing, relay);
  const engine = new ConversationEngine(
    {
      billing,
      requests: stores.requests,
      once: stores.once,
      leases: stores.leases,
      audit: stores.audit,
      kv: stores.kv,
      messengers: new Map([['slack', messenger]]),
      watcher,
      clock,
      logger: silentLogger,
    },
    makePolicy({ sandbox: true, ...options.policy }),
  );
  relay.attach(engine);

  let seq = 0;
  const base = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `ev-${Math.random().toString(36).slice(2)}-${++seq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C-general' },
    receivedAt: clock.now(),
  });
  async function command(actor: Actor, name: CommandName, text = '') {
    const responder = messenger.responder(actor.id);
    await engine.handle({ ...base(actor), kind: 'command', command: name, text } satisfies InboundEvent, responder);
    return responder.replies;
  }
  async function click(actor: Actor, action: ActionName, value: string) {
    const responder = messenger.responder(actor.id);
    await engine.handle({ ...base(actor), kind: 'action', action, value } satisfies InboundEvent, responder);
    return responder.replies;
  }
  /** The request id the last card (or the given reply) mentions. */
  function lastRequestId(): string {
    const cards = messenger.channelPosts().filter((p) => p.kind === 'post' && !p.thread);
    const ctx = cards.at(-1)?.reply.context?.[0] ?? '';
    return ctx.replace('Request ', '');
  }
  async function close() {
    await stores.close();
    if (ownSim) await sim.stop();
  }
  return { sim, engine, stores, messenger, watcher, billing, command, click, lastRequestId, close };
}
