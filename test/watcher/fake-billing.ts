/**
 * A fake of our own BillingPort (not of ModelsLab's HTTP API): checkout sessions the test pays
 * or lets expire, ModelsLab's limit of 15 billing calls per fixed 60 s window (a 429 counted when
 * exceeded), and a log of every confirm call.
 */

import type { Purpose } from '../../src/core/requests/request.ts';
import { BillingHttpError, BillingRateLimitedError, BillingUnavailableError } from '../../src/core/shared/errors.ts';
import type { BillingPort, Clock, ConfirmOutcome } from '../../src/core/shared/ports.ts';

interface Session {
  readonly id: string;
  readonly expiresAt: number;
  paidAt?: number;
}

export interface ConfirmCall {
  readonly at: number;
  readonly sessionId: string;
  readonly idempotencyKey: string;
  readonly caller: string;
  readonly result: string;
}

type Fault = 'http' | 'unavailable' | { readonly rateLimitedMs: number } | { readonly pending: string };

export class FakeBilling {
  readonly calls: ConfirmCall[] = [];
  rateLimited = 0;
  readonly #clock: Clock;
  readonly #perMinute: number;
  readonly #sessions = new Map<string, Session>();
  readonly #faults = new Map<string, Fault[]>();
  #windowStart = -1;
  #windowCalls = 0;

  constructor(clock: Clock, perMinute = 15) {
    this.#clock = clock;
    this.#perMinute = perMinute;
  }

  addSession(id: string, expiresAt: number): void {
    this.#sessions.set(id, { id, expiresAt });
  }

  /** The payer completes the Stripe page now (only while the session is open). */
  pay(id: string): void {
    const session = this.#sessions.get(id);
    if (!session) throw new Error(`no session ${id}`);
    if (this.#clock.now() >= session.expiresAt) throw new Error(`session ${id} expired`);
    session.paidAt ??= this.#clock.now();
  }

  paidAt(id: string): number | undefined {
    return this.#sessions.get(id)?.paidAt;
  }

  /** The next calls for `sessionId` (or any session with '*') fail this way, in order. */
  injectFaults(sessionId: string, ...faults: Fault[]): void {
    this.#faults.set(sessionId, [...(this.#faults.get(sessionId) ?? []), ...faults]);
  }

  callsFor(sessionId: string): ConfirmCall[] {
    return this.calls.filter((c) => c.sessionId === sessionId);
  }

  /** A BillingPort view whose calls are logged under `caller` (one per watcher process). */
  port(caller = 'main'): BillingPort {
    const unsupported = () => Promise.reject(new Error('not used by the watcher'));
    return {
      confirmCheckout: (purpose, sessionId, key) => this.#confirm(caller, purpose, sessionId, key),
      createPaymentLink: unsupported,
      getBalance: unsupported,
      listPlans: unsupported,
      listTransactions: unsupported,
      listInvoices: unsupported,
      invoicePdfUrl: unsupported,
      validateCoupon: unsupported,
      redeemCoupon: unsupported,
      listSubscriptions: unsupported,
      pauseSubscription: unsupported,
      resumeSubscription: unsupported,
      changeSubscriptionPlan: unsupported,
      getAutoFunding: unsupported,
      setAutoFunding: unsupported,
      disableAutoFunding: unsupported,
      listCards: unsupported,
      setDefaultCard: unsupported,
      removeCard: unsupported,
      attachCard: unsupported,
      fundWithCard: unsupported,
      paymentStatus: unsupported,
      createSetupIntent: unsupported,
      stripePublishableKey: unsupported,
      getBillingDetails: unsupported,
      updateBillingDetails: unsupported,
      subscriptionPaymentState: unsupported,
      fixSubscriptionPayment: unsupported,
    };
  }

  async #confirm(caller: string, _purpose: Purpose, sessionId: string, key: string): Promise<ConfirmOutcome> {
    const now = this.#clock.now();
    const log = (result: string) => this.calls.push({ at: now, sessionId, idempotencyKey: key, caller, result });
    const window = Math.floor(now / 60_000);
    if (window !== this.#windowStart) {
      this.#windowStart = window;
      this.#windowCalls = 0;
    }
    this.#windowCalls += 1;
    if (this.#windowCalls > this.#perMinute) {
      this.rateLimited += 1;
      log('429');
      throw new BillingRateLimitedError('/wallet/confirm-checkout', (window + 1) * 60_000 - now);
    }
    const fault = this.#takeFault(sessionId);
    if (fault !== undefined) {
      log(typeof fault === 'string' ? fault : 'rateLimitedMs' in fault ? 'injected-429' : 'pending');
      if (fault === 'http') {
        throw new BillingHttpError({
          status: 409,
          apiCode: 'checkout_in_review',
          message: 'a code the bot has never seen',
          endpoint: '/wallet/confirm-checkout',
        });
      }
      if (fault === 'unavailable') throw new BillingUnavailableError('/wallet/confirm-checkout', 'socket hang up');
      if ('rateLimitedMs' in fault) throw new BillingRateLimitedError('/wallet/confirm-checkout', fault.rateLimitedMs);
      return { status: 'pending', reason: fault.pending };
    }
    const session = this.#sessions.get(sessionId);
    if (!session) {
      log('not_found');
      return { status: 'not_found' };
    }
    if (session.paidAt !== undefined) {
      log('paid');
      return { status: 'paid', alreadyConfirmed: false, balanceCents: 5_000, amountCents: 5_000 };
    }
    if (now >= session.expiresAt) {
      log('expired');
      return { status: 'expired' };
    }
    log('pending');
    return { status: 'pending', reason: 'checkout_not_completed' };
  }

  #takeFault(sessionId: string): Fault | undefined {
    for (const key of [sessionId, '*']) {
      const queue = this.#faults.get(key);
      if (queue && queue.length > 0) return queue.shift();
    }
    return undefined;
  }
}
