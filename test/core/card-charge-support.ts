/**
 * The billing port in front of the simulator, wrapped for the card-on-file tests: it records the
 * order of the calls that matter (link, card list, charge, status) and can lose a charge's
 * answer after ModelsLab applied it (the crash between the fund call and its record).
 */
import { BillingRateLimitedError, BillingUnavailableError } from '../../src/core/shared/errors.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';

export interface ChargeSpy {
  /** `createPaymentLink`, `listCards`, `fundWithCard:<key>`, `paymentStatus`, in call order. */
  readonly calls: string[];
  /** Set: the next fundWithCard reaches ModelsLab, then its answer is lost (throws). */
  loseNextAnswer: boolean;
  /**
   * Set: the next fundWithCard reaches ModelsLab, then ends in a 429 (the transport's retry after a
   * 5xx that was applied, answered "rate limited").
   */
  rateLimitAfterApply: boolean;
  /** Set: listCards fails this many more times. */
  failListCards: number;
  wrap(b: BillingPort): BillingPort;
  keys(): string[];
}

export function chargeSpy(): ChargeSpy {
  const spy: ChargeSpy = {
    calls: [],
    loseNextAnswer: false,
    rateLimitAfterApply: false,
    failListCards: 0,
    keys: () => spy.calls.filter((c) => c.startsWith('fundWithCard:')).map((c) => c.slice('fundWithCard:'.length)),
    wrap: (b) =>
      new Proxy(b, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          const fn = value.bind(target) as (...args: unknown[]) => Promise<unknown>;
          if (key === 'fundWithCard')
            return async (...args: unknown[]) => {
              spy.calls.push(`fundWithCard:${String(args[2])}`);
              const answer = await fn(...args);
              if (spy.loseNextAnswer) {
                spy.loseNextAnswer = false;
                throw new BillingUnavailableError('POST /wallet/fund', 'socket hang up (answer lost)');
              }
              if (spy.rateLimitAfterApply) {
                spy.rateLimitAfterApply = false;
                throw new BillingRateLimitedError('POST /wallet/fund', 1_000);
              }
              return answer;
            };
          if (key === 'listCards')
            return async (...args: unknown[]) => {
              spy.calls.push('listCards');
              if (spy.failListCards > 0) {
                spy.failListCards -= 1;
                throw new BillingUnavailableError('GET /billing/payment-methods', 'timed out');
              }
              return fn(...args);
            };
          if (key === 'createPaymentLink' || key === 'paymentStatus')
            return async (...args: unknown[]) => {
              spy.calls.push(String(key));
              return fn(...args);
            };
          return fn;
        },
      }),
  };
  return spy;
}
