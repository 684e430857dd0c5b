/**
 * The bot's heart, wired: the checkout watcher, the conversation engine and the alert channel's
 * jobs around one billing port, one set of stores and the platforms' messengers. The one wiring
 * function for them: the app (src/app.ts, which builds the infrastructure they are given) and
 * every test harness call createBot (and the factories of channel-jobs.ts), so a test of a
 * platform runs the wiring production runs.
 *
 * The watcher reports outcomes to the engine and the engine tells the watcher what to watch; a
 * CheckoutOutcomeRelay breaks the cycle.
 */

import { BudgetedBilling } from './billing/budgeted-billing.ts';
import { RESUME_WAIT_MS, resumeWithin } from './bounded-resume.ts';
import { createLowBalanceMonitor, createPaymentMonitor, createWeeklyReport } from './channel-jobs.ts';
import { sharedChartRenderer } from './charts/index.ts';
import type { LowBalanceMonitor, LowBalanceMonitorOptions } from './core/alerts/low-balance-monitor.ts';
import { CheckoutOutcomeRelay, ConversationEngine, type EngineOptions } from './core/engine.ts';
import type { WeeklyReportJob } from './core/report/index.ts';
import type { ChartRenderer } from './core/shared/chart-port.ts';
import type { Locale, MessageFormatter } from './core/shared/i18n.ts';
import type { Policy } from './core/shared/policy.ts';
import type {
  BillingPort,
  Clock,
  Logger,
  MessengerRegistry,
  Metrics,
  RateBudget,
  TimerHandle,
} from './core/shared/ports.ts';
import type { TenantId } from './core/shared/tenant.ts';
import type { PaymentMonitor, PaymentMonitorOptions } from './core/subscriptions/index.ts';
import { createMessageFormatter } from './i18n/icu-formatter.ts';
import { type Stores, type TenantStores, withReserve } from './store/index.ts';
import { CheckoutWatcherImpl, type WatcherOptions } from './watcher/index.ts';

export interface BotParts {
  /** The catalog's formatter (default: src/i18n's, on intl-messageformat); one per process is enough. */
  readonly messages?: MessageFormatter;
  /** The workspace's language for channel posts (its setting, read on every use); default English. */
  readonly locale?: () => Locale;
  readonly billing: BillingPort;
  /**
   * The stores the bot keeps its requests, leases and dedupe claims in: a tenant's scope
   * (`stores.scope(tenant)`), or the whole store (single-team mode, tests). Without `budget`, the
   * stores must offer one (`Stores.budget`).
   */
  readonly stores: TenantStores & Partial<Pick<Stores, 'budget'>>;
  /** The tenant this bot serves (workspaces mode); core stamps it on what it keeps. */
  readonly tenant?: TenantId;
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
  /** The most the learned budget may reach (default `billingPerMinute`: learning only lowers it). */
  readonly billingPerMinuteCap?: number;
  /**
   * The store's billing budget, when the caller already built it (the app: its billing client
   * spends it on retries and feeds it the rate-limit headers), so the bot spends the same object.
   * Default: `stores.budget(billingPerMinute, billingPerMinuteCap)`.
   */
  readonly budget?: RateBudget;
  /** The bot's public address: DMs carry tracked pay links under it (core/pay-link.ts). */
  readonly payLinkBase?: string;
  readonly engineOptions?: EngineOptions;
  /** How often unanswered approvals are expired and stalled links/DMs retried. */
  readonly sweepIntervalMs?: number;
  /** How long start() waits for resume() before serving (bounded-resume.ts; RESUME_WAIT_MS). */
  readonly resumeWaitMs?: number;
  /** Low-balance alerts (LOW_BALANCE_USD and ALERT_CHANNEL); none when undefined. */
  readonly alerts?: LowBalanceMonitorOptions;
  /**
   * Failed subscription payment notices (ALERT_CHANNEL alone, SUBSCRIPTION_CHECK_MINUTES); none
   * when undefined. Apart from `alerts`: they need the channel only, no threshold.
   */
  readonly subscriptionAlerts?: PaymentMonitorOptions;
  /**
   * The weekly spend report in the alert channel (Mondays 09:00 UTC), when `alerts` names one.
   * Default on; REPORT_WEEKLY=off sets false.
   */
  readonly reportWeekly?: boolean;
  /** Draws the report's charts; default the process's ECharts + resvg renderer (none without a font). */
  readonly charts?: ChartRenderer;
  /** The font file for the charts (CHART_FONT_FILE); default DejaVu Sans from the system's fonts folder. */
  readonly chartFontFile?: string;
}

export interface Bot {
  readonly engine: ConversationEngine;
  /** The shared billing-call budget the watcher and the engine spend (feed it ModelsLab's rate-limit headers). */
  readonly budget: RateBudget;
  readonly watcher: CheckoutWatcherImpl;
  /** The low-balance monitor, when alerts are asked for and their platform is running. */
  readonly lowBalance: LowBalanceMonitor | undefined;
  /** The failed subscription payment monitor, when `subscriptionAlerts` names a running platform. */
  readonly subscriptionPayments: PaymentMonitor | undefined;
  /**
   * The engine's billing port, in front of the shared budget: jobs whose billing calls must count
   * against that one budget (the subscription payment monitor) are given this one.
   */
  readonly billing: BillingPort;
  /** The weekly spend report, when there is an alert channel and REPORT_WEEKLY is not off. */
  readonly weeklyReport: WeeklyReportJob | undefined;
  /** Finish what a previous process left open, then start watching every pending checkout (and the balance). */
  start(): Promise<void>;
  stop(options?: { releaseLeases?: boolean }): Promise<void>;
}

/** Calls the watcher never takes from the budget (bucket and window), so a person's call finds one. */
const PEOPLE_RESERVE = 1;
/** Past the next sweep after a payment link gave up waiting, regular checks hold back this much longer. */
const PEOPLE_WAIT_HOLD_MS = 10_000;
/** Past a waiting call's next try: it asks again then, and takes the token before the watcher. */
const WAITER_MARGIN_MS = 500;
const PAYMENT_LINK = 'POST /billing/payment-link';
const DEFAULT_SWEEP_MS = 30_000;

export function createBot(parts: BotParts): Bot {
  const { billing, stores, clock, logger, metrics } = parts;
  const relay = new CheckoutOutcomeRelay();
  const charts = parts.charts ?? sharedChartRenderer(logger, parts.chartFontFile);
  // The starting guess; ModelsLab's X-RateLimit-Limit then sets the size, up to the cap.
  const budget = parts.budget ?? storeBudget(parts);
  // People's billing calls that found no token (approvals' links, coupons): for a while after
  // one, the watcher's regular checks leave the tokens to them (in-process, like the engine's waits).
  let peopleWaitUntil = 0;
  const watcher = new CheckoutWatcherImpl(
    {
      peopleWaitUntil: () => peopleWaitUntil,
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
      // ... and once ModelsLab's headers set the budget's size, 3 below that size.
      earlyCallsBelowLimit: 3,
      ...parts.watcherOptions,
    },
  );
  // The watcher budgets its own confirm calls on the raw port; the engine's mutations take their
  // tokens from the same budget here, waiting a bounded time for one.
  const engineBilling = new BudgetedBilling(billing, budget, clock, {
    perMinute: parts.billingPerMinute,
    yieldTo: () => watcher.promptWaiting(),
    // Held until the waiting call asks again; and after a payment link gave up waiting (its
    // approval is kept), until the sweep that retries it has had its turn.
    onBudgetWait: ({ endpoint, nowMs, waitMs, gaveUp }) => {
      // A payment link that gave up is retried when the budget says a token frees, not only on
      // the sweep's next tick: links go out at the budget's rate.
      if (gaveUp && endpoint === PAYMENT_LINK) retryLinksAt(nowMs + waitMs);
      const until = gaveUp
        ? endpoint === PAYMENT_LINK
          ? nowMs + (parts.sweepIntervalMs ?? DEFAULT_SWEEP_MS) + PEOPLE_WAIT_HOLD_MS
          : 0
        : nowMs + waitMs + WAITER_MARGIN_MS;
      peopleWaitUntil = Math.max(peopleWaitUntil, until);
    },
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
      ...(parts.payLinkBase ? { payLinkBase: parts.payLinkBase } : {}),
      // EngineDeps.tenant (issue 15, core): which tenant's data this engine serves.
      ...(parts.tenant ? { tenant: parts.tenant } : {}),
      ...(charts ? { charts } : {}),
      messages: parts.messages ?? createMessageFormatter(),
      ...(parts.locale ? { locale: parts.locale } : {}),
    },
    parts.policy,
    { ...(parts.ownerId ? { ownerId: parts.ownerId } : {}), ...parts.engineOptions },
  );
  relay.attach(engine);
  const lowBalance = parts.alerts ? createLowBalanceMonitor(parts, parts.alerts) : undefined;
  const subscriptionPayments = parts.subscriptionAlerts
    ? createPaymentMonitor({ ...parts, billing: engineBilling }, parts.subscriptionAlerts)
    : undefined;
  const weeklyReport =
    parts.alerts && parts.reportWeekly !== false
      ? createWeeklyReport(
          // The engine's port: reads pass its budget untouched, like /ml report's.
          { ...parts, billing: engineBilling, ...(charts ? { charts } : {}) },
          { channel: parts.alerts.channel, ...(parts.alerts.sandbox ? { sandbox: true } : {}) },
        )
      : undefined;

  let running = false;
  let resuming: Promise<void> | undefined;
  let retryTimer: TimerHandle | undefined;
  let retryAt = Number.POSITIVE_INFINITY;
  function retryLinksAt(at: number): void {
    if (!running || at >= retryAt) return;
    retryTimer?.cancel();
    retryAt = at;
    retryTimer = clock.setTimer(
      () => {
        retryTimer = undefined;
        retryAt = Number.POSITIVE_INFINITY;
        if (running) void engine.sweep().catch((err: unknown) => logger.error({ err }, 'link retry sweep failed'));
      },
      Math.max(0, at - clock.now()),
    );
  }

  return {
    engine,
    budget,
    watcher,
    lowBalance,
    subscriptionPayments,
    billing: engineBilling,
    weeklyReport,
    async start() {
      resuming = (
        await resumeWithin(() => engine.resume(), {
          clock,
          logger,
          waitMs: parts.resumeWaitMs ?? RESUME_WAIT_MS,
        })
      )?.rest;
      await watcher.start();
      engine.start(parts.sweepIntervalMs ?? DEFAULT_SWEEP_MS);
      lowBalance?.start();
      subscriptionPayments?.start();
      weeklyReport?.start();
      running = true;
    },
    async stop(options) {
      running = false;
      retryTimer?.cancel();
      retryTimer = undefined;
      retryAt = Number.POSITIVE_INFINITY;
      lowBalance?.stop();
      subscriptionPayments?.stop();
      weeklyReport?.stop();
      engine.stop();
      // A resume still replaying on a slow ModelsLab finishes before the watcher and the stores go.
      await resuming;
      await watcher.stop(options);
    },
  };
}

function storeBudget(parts: BotParts): RateBudget {
  if (!parts.stores.budget) throw new Error('createBot needs a budget, or stores that make one');
  return parts.stores.budget(
    parts.billingPerMinute,
    parts.billingPerMinuteCap !== undefined ? { capPerWindow: parts.billingPerMinuteCap } : {},
  );
}
