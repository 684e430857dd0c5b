/**
 * The ModelsLab side of a full-stack test: the simulator over loopback HTTP and the real billing
 * client and port in front of it, with timings shrunk so a payment is seen within a tick.
 */
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { type Clock, systemClock } from '../../src/core/ports.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
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
