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
  type Logger,
  silentLogger,
  systemClock,
} from '../../src/core/ports.ts';
import type { ActionName, Actor, CommandName, InboundEvent, MessageRef } from '../../src/core/types.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { CheckoutWatcherImpl } from '../../src/watcher/index.ts';
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

/** A Logger that keeps every line (bindings included) as JSON, to check what reaches the logs. */
export function capturingLogger(
  lines: string[] = [],
  bindings: Record<string, unknown> = {},
): Logger & { lines: string[] } {
  const write = (level: string) => (obj: object | string, msg?: string) => {
    lines.push(
      JSON.stringify({ level, ...bindings, obj: obj instanceof Error ? String(obj) : obj, msg }, errorsAsText),
    );
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => capturingLogger(lines, { ...bindings, ...more }),
  };
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message} ${String(value.cause ?? '')}` : value;
}

export interface LiveOptions {
  readonly policy?: Partial<Policy>;
  readonly storeUrl?: string;
  /** A simulator shared between engines (restart tests), with its apiUrl. */
  readonly shared?: { readonly sim: Simulator; readonly apiUrl: string };
  readonly clock?: Clock;
  /** 'real' (default): the real CheckoutWatcherImpl on fast timings; 'on-demand': polls on `pollAll()`. */
  readonly watcher?: 'real' | 'on-demand';
  /** The chat platform outlives the bot: share one recording messenger across a restart. */
  readonly messenger?: RecordingMessenger;
  /** Wrap the billing port (crash injection in restart tests). */
  readonly wrapBilling?: (b: BillingPort) => BillingPort;
}

// Generous ModelsLab limits: these tests are about the engine, not the 15/min budget.
const BILLING_PER_MIN = 600;

/** Watcher timings shrunk from minutes to milliseconds so a payment is seen within a tick. */
const FAST_WATCHER = {
  firstCheckMs: 20,
  minIntervalMs: 40,
  maxIntervalMs: 200,
  nudgeScheduleMs: [5, 40, 200],
  finalCheckDelayMs: 10,
  retryMs: 40,
  maxRetryMs: 200,
};

export async function startSim(clock: Clock = systemClock): Promise<{ sim: Simulator; apiUrl: string }> {
  const sim = createSimulator({ clock, billingPerMin: BILLING_PER_MIN });
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
  const messenger = options.messenger ?? new RecordingMessenger('slack');
  const logger = capturingLogger();
  const relay = new CheckoutOutcomeRelay();
  const onDemand = new OnDemandWatcher(billing, relay);
  const real =
    options.watcher === 'on-demand'
      ? undefined
      : new CheckoutWatcherImpl(
          {
            billing,
            sink: relay,
            budget: stores.budget(BILLING_PER_MIN),
            clock,
            logger: silentLogger,
            requests: stores.requests,
            leases: stores.leases,
          },
          FAST_WATCHER,
        );
  const watcher: CheckoutWatcher = real ?? onDemand;
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
      logger,
    },
    makePolicy({ sandbox: true, ...options.policy }),
  );
  relay.attach(engine);
  await real?.start();

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
  /**
   * A click with the platform details the plain `click` leaves out: the message holding the button,
   * and a Responder that can replace it (Slack response_url, Discord interaction update).
   */
  async function clickOn(
    actor: Actor,
    action: ActionName,
    value: string,
    options: { readonly message?: MessageRef; readonly canReplace?: boolean } = {},
  ) {
    const responder = messenger.responder(actor.id, 'C-general', { canReplace: options.canReplace ?? false });
    const event: InboundEvent = {
      ...base(actor),
      kind: 'action',
      action,
      value,
      ...(options.message ? { message: options.message } : {}),
    };
    await engine.handle(event, responder);
    return responder;
  }
  /** The request id the last card (or the given reply) mentions. */
  function lastRequestId(): string {
    const cards = messenger.channelPosts().filter((p) => p.kind === 'post' && !p.thread);
    const ctx = cards.at(-1)?.reply.context?.[0] ?? '';
    return ctx.replace('Request ', '');
  }
  /** Wait (real time, up to 5 s) until `check` holds: the real watcher runs on real timers. */
  async function waitFor(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async function stateOf(id: string) {
    return (await stores.requests.get(id))?.state;
  }
  async function close() {
    await real?.stop();
    await stores.close();
    if (ownSim) await sim.stop();
  }
  return {
    sim,
    logger,
    engine,
    stores,
    messenger,
    watcher,
    onDemand,
    billing,
    command,
    click,
    clickOn,
    lastRequestId,
    waitFor,
    stateOf,
    close,
  };
}
