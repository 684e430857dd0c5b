/**
 * A simulated-time world for the watcher benchmark: a ManualClock, the real ModelsLab simulator
 * on that clock (reached in-process), link creation through the real client, and a settle step
 * that lets every call a timer started finish before time moves on.
 */
import { ModelsLabBilling, ModelsLabClient, type ModelsLabClientOptions } from '../../src/billing/index.ts';
import { flushMicrotasks, ManualClock } from '../../src/core/shared/manual-clock.ts';
import { dollarsToCents } from '../../src/core/shared/money.ts';
import type { BillingPort, PaymentLink } from '../../src/core/shared/ports.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { inProcessFetch } from './in-process-fetch.ts';

export const API_BASE = 'http://simulator.invalid/api/agents/v1';
export const ACCOUNT_TOKEN = 'sandbox-token';
/**
 * Links are created with tokens of their own, each with its own rate-limit window
 * (`rateLimitPer: 'token'`), so creating 200 links does not spend the account budget the
 * watcher is measured on.
 */
const SEED_TOKENS = Array.from({ length: 20 }, (_, i) => `bench-seed-${i}`);

export interface ConfirmCounts {
  calls: number;
  rateLimited: number;
}

export class SimWorld {
  readonly clock: ManualClock;
  readonly simulator: Simulator;
  /** confirm-checkout calls on the account token, by outcome. */
  readonly confirms: ConfirmCounts = { calls: 0, rateLimited: 0 };
  /** Counted fetch into the simulator: use it for every call that should count. */
  readonly fetch: typeof globalThis.fetch;
  readonly #seeders: BillingPort[];
  readonly #pending = new Set<Promise<unknown>>();
  #inFlight = 0;
  #seeded = 0;

  constructor(startMs: number, billingPerMin: number) {
    this.clock = new ManualClock(startMs);
    this.simulator = createSimulator({
      clock: this.clock,
      billingPerMin,
      tokens: [ACCOUNT_TOKEN, ...SEED_TOKENS],
      rateLimitPer: 'token',
    });
    const counted = inProcessFetch(this.simulator.handler, (request, status) => {
      const onAccount = request.headers.get('authorization') === `Bearer ${ACCOUNT_TOKEN}`;
      if (onAccount && request.url.includes('/confirm-checkout')) {
        this.confirms.calls++;
        if (status === 429) this.confirms.rateLimited++;
      }
    });
    this.fetch = async (input, init) => {
      this.#inFlight++;
      try {
        return await counted(input, init);
      } finally {
        this.#inFlight--;
      }
    };
    this.#seeders = SEED_TOKENS.map(
      (token) =>
        new ModelsLabBilling(
          new ModelsLabClient({
            baseUrl: API_BASE,
            token,
            clock: this.clock,
            fetch: inProcessFetch(this.simulator.handler),
          }),
        ),
    );
  }

  /** The account's billing port, as the bot would hold it. */
  accountBilling(onCall?: ModelsLabClientOptions['onCall']): BillingPort {
    return new ModelsLabBilling(
      new ModelsLabClient({
        baseUrl: API_BASE,
        token: ACCOUNT_TOKEN,
        clock: this.clock,
        fetch: this.fetch,
        // The bot's hook: ModelsLab's X-RateLimit-* headers (the budget learns its size from them).
        ...(onCall ? { onCall } : {}),
      }),
    );
  }

  createLink(dollars: number, key: string): Promise<PaymentLink> {
    const seeder = this.#seeders[this.#seeded++ % this.#seeders.length] as BillingPort;
    return seeder.createPaymentLink({ purpose: 'fund', amountCents: dollarsToCents(dollars) }, key);
  }

  /** Run `fn` at simulated time `atMs`; async work it returns is awaited before time moves on. */
  at(atMs: number, fn: () => unknown): void {
    this.clock.setTimer(() => {
      const work = Promise.resolve(fn());
      this.#pending.add(work);
      void work.finally(() => this.#pending.delete(work));
    }, atMs - this.clock.now());
  }

  readonly settle = async (): Promise<void> => {
    do {
      if (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
      await flushMicrotasks();
    } while (this.#inFlight > 0 || this.#pending.size > 0);
  };

  /** Advance in steps until `done()` or `limitMs` of simulated time has passed. */
  async runUntil(done: () => boolean, limitMs: number, stepMs = 60_000): Promise<void> {
    const end = this.clock.now() + limitMs;
    while (!done() && this.clock.now() < end) await this.clock.advance(stepMs, this.settle);
  }
}
