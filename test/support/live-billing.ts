/**
 * The ModelsLab side of a full-stack test: the simulator over loopback HTTP and the real billing
 * client and port in front of it, with timings shrunk so a payment is seen within a tick.
 */
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { type Bot, createBot } from '../../src/bot.ts';
import type { Locale } from '../../src/core/shared/i18n.ts';
import { makePolicy, type Policy } from '../../src/core/shared/policy.ts';
import {
  type BillingPort,
  type Clock,
  type Messenger,
  silentLogger,
  systemClock,
} from '../../src/core/shared/ports.ts';
import type { Platform } from '../../src/core/shared/types.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import type { Stores } from '../../src/store/index.ts';
import type { WatcherOptions } from '../../src/watcher/index.ts';

/** Generous ModelsLab limits: platform tests are not about the 15/min budget (the watcher's are). */
export const TEST_BILLING_PER_MIN = 600;

/** Watcher timings shrunk from minutes to milliseconds. */
export const FAST_WATCHER: Partial<WatcherOptions> = {
  firstCheckMs: 20,
  minIntervalMs: 40,
  maxIntervalMs: 200,
  nudgeScheduleMs: [5, 40, 200],
  finalCheckDelayMs: 10,
  retryMs: 40,
  maxRetryMs: 200,
};

export interface LiveBilling {
  readonly sim: Simulator;
  readonly apiUrl: string;
  readonly billing: ModelsLabBilling;
}

export async function startLiveBilling(clock: Clock = systemClock): Promise<LiveBilling> {
  const sim = createSimulator({ clock, billingPerMin: TEST_BILLING_PER_MIN });
  const { apiUrl } = await sim.start(0);
  const billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', clock, retry: { limit: 0 } }),
  );
  return { sim, apiUrl, billing };
}

/**
 * A simulator whose clock runs behind the bot's, so the bot sees each link expire ~2.5 s after it
 * is created while ModelsLab (Stripe) still keeps it payable: the window in which a payer pays
 * an old link after the bot marked it expired and sent a new one (renew-then-pay, pay-both).
 */
export async function startLaggingBilling(expiresInMs = 2_500): Promise<LiveBilling> {
  const lifetime = 30 * 60_000;
  const lag = lifetime - expiresInMs;
  const simClock: Clock = { now: () => Date.now() - lag, setTimer: systemClock.setTimer };
  const sim = createSimulator({ clock: simClock, billingPerMin: TEST_BILLING_PER_MIN, sessionLifetimeMs: lifetime });
  const { apiUrl } = await sim.start(0);
  const billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', clock: systemClock, retry: { limit: 0 } }),
  );
  return { sim, apiUrl, billing };
}

/** The bot as a platform test runs it: the real wiring (createBot) with the shrunk timings above. */
export function createTestBot(parts: {
  readonly billing: BillingPort;
  readonly stores: Stores;
  readonly platform: Platform;
  readonly messenger: Messenger;
  readonly policy?: Partial<Policy>;
  /** The workspace's language (channel posts, and anyone whose own language is unknown). */
  readonly locale?: Locale;
}): Bot {
  return createBot({
    billing: parts.billing,
    stores: parts.stores,
    messengers: new Map([[parts.platform, parts.messenger]]),
    clock: systemClock,
    logger: silentLogger,
    policy: makePolicy({ sandbox: true, ...parts.policy }),
    billingPerMinute: TEST_BILLING_PER_MIN,
    watcherOptions: FAST_WATCHER,
    ...(parts.locale ? { locale: () => parts.locale ?? 'en' } : {}),
  });
}
