/**
 * Counts a billing port's calls in flight, so a simulated-time test moves the clock on only once
 * every HTTP call it started has answered (the simulator answers in real time).
 */
import type { BillingPort } from '../../src/core/shared/ports.ts';

export function countingInFlight(inner: BillingPort): { port: BillingPort; inFlight: () => number } {
  let n = 0;
  const port = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        n += 1;
        try {
          return await value.apply(target, args);
        } finally {
          n -= 1;
        }
      };
    },
  });
  return { port, inFlight: () => n };
}
