/**
 * A ModelsLab account already busy with open checkouts, for the billing-budget tests: the real
 * simulator over loopback HTTP enforcing its billing limit in simulated time, the real billing
 * client, the real memory store with `pending` links opened before the bot starts (paced at one
 * every 5 s, under the limit), and the real watcher and engine wired by createBot. Stopped when
 * the test ends.
 */
import { onTestFinished } from 'vitest';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { type Bot, createBot } from '../../src/bot.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import { type RateBudget, silentLogger } from '../../src/core/shared/ports.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores, type Stores } from '../../src/store/index.ts';
import { honourRateLimitHeaders } from '../../src/watcher/index.ts';
import { countingInFlight, settleInFlight } from '../support/in-flight.ts';
import { RecordingMessenger } from '../support/recording-messenger.ts';
import { awaitingPayment } from '../watcher/harness.ts';

type ClientOptions = ConstructorParameters<typeof ModelsLabClient>[0];

export interface BusyAccountOptions {
  readonly start: number;
  /** ModelsLab's billing calls a minute, and the bot's budget of them. */
  readonly billingPerMin: number;
  /** Checkouts open (awaiting payment) when the bot starts. */
  readonly pending: number;
  readonly retry: NonNullable<ClientOptions['retry']>;
  /** The client also takes from the bot's budget before each call (not only reads the headers). */
  readonly clientTakesBudget?: boolean;
  readonly fetch?: typeof fetch;
  /** Simulated time that passes after the seeding, before the bot starts. */
  readonly idleBeforeStartMs?: number;
  readonly sweepIntervalMs?: number | undefined;
}

export async function startBusyAccount(options: BusyAccountOptions) {
  const clock = new ManualClock(options.start);
  const sim: Simulator = createSimulator({ clock, billingPerMin: options.billingPerMin });
  const { apiUrl } = await sim.start(0);
  let budget: RateBudget | undefined;
  const client = new ModelsLabClient({
    baseUrl: apiUrl,
    token: 'sandbox-token',
    clock,
    retry: options.retry,
    ...(options.clientTakesBudget ? { budget: () => budget } : {}),
    onCall: honourRateLimitHeaders(() => budget),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const raw = countingInFlight(new ModelsLabBilling(client));
  const stores: Stores = await createStores('memory://', { clock });
  const messenger = new RecordingMessenger('slack');
  let bot: Bot | undefined;
  onTestFinished(async () => {
    await bot?.stop();
    await stores.close();
    await sim.stop();
  });
  const settle = settleInFlight(raw.inFlight);

  for (let n = 0; n < options.pending; n++) {
    const link = await raw.port.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, `seed-${n}`);
    await stores.requests.put(awaitingPayment(`req-seed-${n}`, link.sessionId, clock.now(), link.expiresAt));
    await clock.advance(5_000, settle);
  }
  if (options.idleBeforeStartMs) await clock.advance(options.idleBeforeStartMs, settle);
  const startedAt = clock.now();
  bot = createBot({
    billing: raw.port,
    stores,
    messengers: new Map([['slack', messenger]]),
    clock,
    logger: silentLogger,
    policy: makePolicy({ sandbox: true }),
    billingPerMinute: options.billingPerMin,
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });
  budget = bot.budget;
  await bot.start();

  let seq = 0;
  /** What every inbound event of `actor` in #general carries; the kind and its fields go on top. */
  const event = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `ev-${++seq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C-general' },
    receivedAt: clock.now(),
  });
  return { clock, sim, stores, messenger, bot, settle, startedAt, event };
}
