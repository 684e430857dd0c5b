import { percentile as sortedPercentile } from '../../bench/lib/stats.ts';
import type { PaymentRequest } from '../../src/core/requests/request.ts';
import type { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { CheckoutOutcomeSink, CheckoutWatch, ConfirmOutcome, RateBudget } from '../../src/core/shared/ports.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { createStores, MemoryRateBudget, type Stores } from '../../src/store/index.ts';
import { CheckoutWatcherImpl, type WatcherOptions } from '../../src/watcher/index.ts';
import type { FakeBilling } from './fake-billing.ts';

/** Seeded "random" payers: the same on every run. */
export { seededRandom } from '../../bench/lib/stats.ts';

export interface Reported {
  readonly at: number;
  readonly watch: CheckoutWatch;
  readonly outcome: ConfirmOutcome;
  /** The watcher stopped watching the session with this outcome. */
  readonly ended: boolean;
}

/**
 * Like the engine: an outcome moves the request on in the store before it is accepted, and the
 * session's end is recorded on its attempt when the watch ends (which takes it out of the index).
 */
export function persistOutcomes(sink: RecordingSink, stores: Stores): void {
  sink.onReport = async (watch, outcome, ended) => {
    const request = await stores.requests.get(watch.requestId);
    if (!request) return;
    const state = outcome.status === 'paid' ? 'paid' : outcome.status === 'expired' ? 'expired' : 'failed';
    const attempts = request.attempts.map((a) =>
      a.sessionId === watch.sessionId && ended && outcome.status !== 'pending'
        ? { ...a, sessionEnd: outcome.status, ...(outcome.status === 'paid' ? { confirmedAt: 1 } : {}) }
        : a,
    );
    await stores.requests.put({ ...request, state, attempts, version: request.version + 1 });
  };
}

/** The engine's side, recording outcomes; it can be told to fail the next few deliveries. */
export class RecordingSink implements CheckoutOutcomeSink {
  readonly reported: Reported[] = [];
  failNext = 0;
  /** What the engine does with an outcome before accepting it (e.g. persist the new state). */
  onReport: ((watch: CheckoutWatch, outcome: ConfirmOutcome, ended: boolean) => Promise<void>) | undefined;
  readonly #clock: ManualClock;

  constructor(clock: ManualClock) {
    this.#clock = clock;
  }

  async onCheckoutOutcome(watch: CheckoutWatch, outcome: ConfirmOutcome, ended = true): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('engine busy');
    }
    await this.onReport?.(watch, outcome, ended);
    this.reported.push({ at: this.#clock.now(), watch, outcome, ended });
  }

  for(requestId: string): Reported[] {
    return this.reported.filter((r) => r.watch.requestId === requestId);
  }
}

export async function memoryStores(clock: ManualClock): Promise<Stores> {
  return createStores('memory://', { clock });
}

export function makeWatcher(init: {
  clock: ManualClock;
  billing: FakeBilling;
  stores: Stores;
  sink?: RecordingSink;
  budget?: RateBudget;
  caller?: string;
  leases?: boolean;
  options?: Partial<WatcherOptions>;
}): { watcher: CheckoutWatcherImpl; sink: RecordingSink } {
  const sink = init.sink ?? new RecordingSink(init.clock);
  const watcher = new CheckoutWatcherImpl(
    {
      billing: init.billing.port(init.caller),
      sink,
      budget: init.budget ?? new MemoryRateBudget(15),
      clock: init.clock,
      logger: silentLogger,
      requests: init.stores.requests,
      ...(init.leases ? { leases: init.stores.leases, ownerId: init.caller ?? 'main' } : {}),
    },
    init.options,
  );
  return { watcher, sink };
}

export function watchFor(requestId: string, sessionId: string, expiresAt: number): CheckoutWatch {
  return { requestId, attempt: 1, purpose: 'fund', sessionId, expiresAt };
}

export function awaitingPayment(
  id: string,
  sessionId: string,
  linkCreatedAt: number,
  expiresAt: number,
  state: PaymentRequest['state'] = 'awaiting_payment',
): PaymentRequest {
  return {
    id,
    purpose: 'fund',
    amountCents: 5_000,
    note: 'eval run',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C1' },
    requester: { platform: 'slack', id: 'U1' },
    payer: { platform: 'slack', id: 'U1' },
    needsApproval: false,
    state,
    createdAt: linkCreatedAt - 60_000,
    updatedAt: linkCreatedAt,
    attempts: [
      {
        n: 1,
        idempotencyKey: `paylink-${id}-1`,
        sessionId,
        expiresAt,
        linkCreatedAt,
        // A paid request's session is confirmed: it is no longer live.
        ...(state === 'paid' ? { confirmedAt: linkCreatedAt, sessionEnd: 'paid' as const } : {}),
      },
    ],
    version: 3,
  };
}

/** Nearest-rank percentile of unsorted samples, by the same rule the benchmarks report. */
export function percentile(values: readonly number[], p: number): number {
  return sortedPercentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
