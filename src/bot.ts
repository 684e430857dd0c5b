/**
 * The bot's heart, wired: the checkout watcher, the conversation engine and the low-balance
 * monitor around one billing port, one set of stores and the platforms' messengers. The one
 * wiring function for them: the app (src/app.ts, which builds the infrastructure they are given)
 * and every test harness call createBot (and createLowBalanceMonitor), so a test of a platform
 * runs the wiring production runs.
 *
 * The watcher reports outcomes to the engine and the engine tells the watcher what to watch; a
 * CheckoutOutcomeRelay breaks the cycle.
 */
import { BudgetedBilling } from './billing/budgeted-billing.ts';
import { LowBalanceMonitor, type LowBalanceMonitorOptions } from './core/alerts/low-balance-monitor.ts';
import { CheckoutOutcomeRelay, ConversationEngine, type EngineOptions } from './core/engine.ts';
import type { Policy } from './core/shared/policy.ts';
import type { BillingPort, Clock, Logger, MessengerRegistry, Metrics, RateBudget } from './core/shared/ports.ts';
import { type Stores, withReserve } from './store/index.ts';
import { CheckoutWatcherImpl, type WatcherOptions } from './watcher/index.ts';

export interface BotParts {
  readonly billing: BillingPort;
  readonly stores: Stores;
  readonly messengers: MessengerRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly policy: Policy;
  /**
   * ModelsLab billing calls per minute, shared by every process on the store: the watcher's
   * confirm-checkout calls and the engine's mutations (payment links, coupons, subscriptions,
   * auto-funding) all take from this one budget.
   */
  readonly billingPerMinute: number;
  /** Longest an engine mutation waits for the budget before answering "ModelsLab is busy" (default 10 s). */
  readonly billingMaxWaitMs?: number;
  /** Lease owner: distinguishes processes sharing one Redis. */
  readonly ownerId?: string;
  readonly watcherOptions?: Partial<WatcherOptions>;
  readonly engineOptions?: EngineOptions;
  /** How often unanswered approvals are expired and stalled links/DMs retried. */
  readonly sweepIntervalMs?: number;
  /** Low-balance alerts (LOW_BALANCE_USD and ALERT_CHANNEL); none when undefined. */
  readonly alerts?: LowBalanceMonitorOptions;
}

export interface Bot {
  readonly engine: ConversationEngine;
  /** The shared billing-call budget the watcher and the engine spend (feed it ModelsLab's rate-limit headers). */
  readonly budget: RateBudget;
  readonly watcher: CheckoutWatcherImpl;
  /** The low-balance monitor, when alerts are asked for and their platform is running. */
  readonly lowBalance: LowBalanceMonitor | undefined;
  /** Finish what a previous process left open, then start watching every pending checkout (and the balance). */
  start(): Promise<void>;
  stop(options?: { releaseLeases?: boolean }): Promise<void>;
}

/** Calls the watcher never takes from the budget (bucket and window), so a person's call finds one. */
const PEOPLE_RESERVE = 1;

export function createBot(parts: BotParts): Bot {
  const { billing, stores, clock, logger, metrics } = parts;
  const relay = new CheckoutOutcomeRelay();
  const budget = stores.budget(parts.billingPerMinute);
  const watcher = new CheckoutWatcherImpl(
    {
      billing,
      sink: relay,
      // Every watcher take leaves a call for people (an Approve, a coupon, a Cancel's check);
      // early checks keep more (earlyKeepTokens). People's calls take from the budget itself.
      budget: withReserve(budget, PEOPLE_RESERVE),
      // "I've paid" and Cancel's check are people's calls: they may use that reserve.
      promptBudget: budget,
      clock,
      // The watcher binds `component: watcher` itself: a child here repeated the key on every line.
      logger,
      requests: stores.requests,
      leases: stores.leases,
      ...(parts.ownerId ? { ownerId: parts.ownerId } : {}),
      // The watcher's own counts reach /metrics: its queue depth, and each confirm check by what
      // it decided (endpoint="confirm-checkout"; an answer it could not use is an `error` even
      // when HTTP said 200). Each HTTP attempt is counted apart, under its route, by the client's
      // onCall in app.ts.
      ...(metrics ? { metrics } : {}),
    },
    {
      // Early (spare-budget) checks leave room for link creation and "I've paid", which share
      // ModelsLab's billing limiter with confirm-checkout: at most budget − 3 calls a minute per
      // process, and (earlyKeepTokens) never the shared budget's last tokens, whichever process asks.
      earlyCallsPerMinute: Math.max(0, parts.billingPerMinute - 3),
      ...parts.watcherOptions,
    },
  );
  // The watcher budgets its own confirm calls on the raw port; the engine's mutations take their
  // tokens from the same budget here, waiting a bounded time for one.
  const engineBilling = new BudgetedBilling(billing, budget, clock, {
    perMinute: parts.billingPerMinute,
    ...(parts.billingMaxWaitMs !== undefined ? { maxWaitMs: parts.billingMaxWaitMs } : {}),
  });
  const engine = new ConversationEngine(
    {
      billing: engineBilling,
      requests: stores.requests,
      once: stores.once,
      leases: stores.leases,
      audit: stores.audit,
      kv: stores.kv,
      messengers: parts.messengers,
      watcher,
      clock,
      logger: logger.child({ component: 'engine' }),
      ...(metrics ? { metrics } : {}),
    },
    parts.policy,
    { ...(parts.ownerId ? { ownerId: parts.ownerId } : {}), ...parts.engineOptions },
  );
  relay.attach(engine);
  const lowBalance = parts.alerts ? createLowBalanceMonitor(parts, parts.alerts) : undefined;
  return {
    engine,
    budget,
    watcher,
    lowBalance,
    async start() {
      await engine.resume();
      await watcher.start();
      engine.start(parts.sweepIntervalMs ?? 30_000);
      lowBalance?.start();
    },
    async stop(options) {
      lowBalance?.stop();
      engine.stop();
      await watcher.stop(options);
    },
  };
}

/**
 * The low-balance monitor as the bot runs it: the raw billing port (a balance read spends no
 * billing budget), the store's kv and leases (one alert across processes and restarts), the
 * platforms' messengers. Undefined, with a warning, when the alert channel's platform is not
 * running. createBot builds the app's with it; harnesses call it to get the same one.
 */
export function createLowBalanceMonitor(
  parts: Pick<BotParts, 'billing' | 'stores' | 'messengers' | 'clock' | 'logger' | 'ownerId'>,
  alerts: LowBalanceMonitorOptions,
): LowBalanceMonitor | undefined {
  const { channel } = alerts;
  if (!parts.messengers.has(channel.platform)) {
    parts.logger.warn(
      { channel: `${channel.platform}:${channel.channelId}` },
      `ALERT_CHANNEL names ${channel.platform}, which is not configured: low-balance alerts are off`,
    );
    return undefined;
  }
  return new LowBalanceMonitor(
    {
      billing: parts.billing,
      kv: parts.stores.kv,
      messengers: parts.messengers,
      clock: parts.clock,
      logger: parts.logger.child({ component: 'low-balance' }),
      leases: parts.stores.leases,
      ...(parts.ownerId ? { ownerId: parts.ownerId } : {}),
    },
    alerts,
  );
}
