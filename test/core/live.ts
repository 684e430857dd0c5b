/**
 * An engine on the real parts, wired by createBot exactly as the app wires it: the ModelsLab
 * simulator over loopback HTTP, the real billing client, real stores and (unless 'on-demand') the
 * real checkout watcher. Only the chat platform is recorded (RecordingMessenger), because
 * Messenger is our port.
 */
import { createBot } from '../../src/bot.ts';
import { makePolicy, type Policy } from '../../src/core/shared/policy.ts';
import {
  type BillingPort,
  type CheckoutOutcomeSink,
  type CheckoutWatch,
  type CheckoutWatcher,
  type Clock,
  type ConfirmOutcome,
  type Logger,
  type PromptCheck,
  systemClock,
} from '../../src/core/shared/ports.ts';
import type { ActionName, Actor, CommandName, InboundEvent, MessageRef } from '../../src/core/shared/types.ts';
import type { Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { FAST_WATCHER, type LiveBilling, startLiveBilling, TEST_BILLING_PER_MIN } from '../support/live-billing.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';

/**
 * Stand-in for the real watcher: checks every watched session when `pollAll()` is called.
 * Polling on demand keeps these engine tests deterministic; watcher timing has its own tests.
 * Like the real one it is keyed by session and keeps watching sessions of closed requests.
 */
export class OnDemandWatcher implements CheckoutWatcher {
  readonly watching = new Map<string, CheckoutWatch>();
  readonly #billing: BillingPort;
  readonly #sink: CheckoutOutcomeSink;
  #poll = 0;
  constructor(billing: BillingPort, sink: CheckoutOutcomeSink) {
    this.#billing = billing;
    this.#sink = sink;
  }
  watch(w: CheckoutWatch) {
    this.watching.set(w.sessionId, w);
  }
  nudge() {}
  unwatch(sessionId: string) {
    this.watching.delete(sessionId);
  }
  size() {
    return this.watching.size;
  }
  async checkNow(w: CheckoutWatch): Promise<PromptCheck> {
    const outcome = await this.#check(w);
    return { kind: 'answered', outcome };
  }
  async pollAll() {
    for (const w of [...this.watching.values()]) await this.#check(w);
  }
  async #check(w: CheckoutWatch): Promise<ConfirmOutcome> {
    const outcome = await this.#billing.confirmCheckout(
      w.purpose,
      w.sessionId,
      `confirm-${w.sessionId}-${++this.#poll}`,
    );
    if (outcome.status === 'pending') return outcome;
    this.watching.delete(w.sessionId);
    await this.#sink.onCheckoutOutcome(w, outcome, true);
    return outcome;
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
  /** A simulator shared between engines (restart tests): start it with `startSim()`, which brings its billing port. */
  readonly shared?: { readonly sim: Simulator; readonly apiUrl: string; readonly billing?: BillingPort };
  readonly clock?: Clock;
  /** 'real' (default): the real CheckoutWatcherImpl on fast timings; 'on-demand': polls on `pollAll()`. */
  readonly watcher?: 'real' | 'on-demand';
  /** The chat platform outlives the bot: share one recording messenger across a restart. */
  readonly messenger?: RecordingMessenger;
  /** Wrap the billing port (crash injection in restart tests). */
  readonly wrapBilling?: (b: BillingPort) => BillingPort;
}

/** The ModelsLab simulator and the billing port in front of it, for engines that share them. */
export function startSim(clock: Clock = systemClock): Promise<LiveBilling> {
  return startLiveBilling(clock);
}

/**
 * createBot always builds the real watcher and hands it to the engine; it takes no other watcher.
 * On demand, that watcher is never started and the engine's calls on it are sent to `to`, where
 * `pollAll()` sees them. (A `watcher` override in BotParts would make this unnecessary.)
 */
function redirectWatcher(from: CheckoutWatcher, to: CheckoutWatcher): void {
  from.watch = (w) => to.watch(w);
  from.nudge = (id) => to.nudge(id);
  from.unwatch = (id) => to.unwatch(id);
  from.checkNow = (w) => to.checkNow(w);
  from.size = () => to.size();
}

export async function live(options: LiveOptions = {}) {
  const clock = options.clock ?? systemClock;
  const { sim, billing: sharedBilling } = options.shared ?? (await startSim(clock));
  if (!sharedBilling) throw new Error('live({ shared }): start the shared simulator with startSim()');
  const ownSim = !options.shared;
  const billing = options.wrapBilling ? options.wrapBilling(sharedBilling) : sharedBilling;
  const stores: Stores = await createStores(options.storeUrl ?? 'memory://', { clock });
  const messenger = options.messenger ?? new RecordingMessenger('slack');
  const logger = capturingLogger();
  const bot = createBot({
    billing,
    stores,
    messengers: new Map([['slack', messenger]]),
    clock,
    logger,
    policy: makePolicy({ sandbox: true, ...options.policy }),
    billingPerMinute: TEST_BILLING_PER_MIN,
    watcherOptions: FAST_WATCHER,
  });
  const { engine } = bot;
  const onDemand = new OnDemandWatcher(billing, engine);
  // Only the watcher starts: resuming and sweeping are what restart and maintenance tests call.
  if (options.watcher === 'on-demand') redirectWatcher(bot.watcher, onDemand);
  else await bot.watcher.start();
  const watcher: CheckoutWatcher = options.watcher === 'on-demand' ? onDemand : bot.watcher;

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
  /**
   * A click on the message that shows the button (found in what the bot sent). A request a test
   * put into the store directly has no recorded message: then its own card is the one clicked.
   */
  async function click(actor: Actor, action: ActionName, value: string) {
    const responder = messenger.responder(actor.id);
    const message =
      messenger.messageWithButton(action, value, actor.id) ??
      (/^[a-z0-9_-]{1,64}$/i.test(value) ? (await stores.requests.get(value))?.card : undefined);
    const event = { ...base(actor), kind: 'action', action, value, ...(message ? { message } : {}) } as const;
    await engine.handle(event satisfies InboundEvent, responder);
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
    await bot.stop();
    await stores.close();
    if (ownSim) await sim.stop();
  }
  return {
    sim,
    logger,
    bot,
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
