/**
 * Counts a billing port's calls in flight, so a simulated-time test moves the clock on only once
 * every HTTP call it started has answered (the simulator answers in real time).
 */
import { flushMicrotasks } from '../../src/core/shared/manual-clock.ts';
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

/** Wait (up to ~400 ms of real time) until no counted call is in flight, for ManualClock.advance. */
export function settleInFlight(inFlight: () => number): () => Promise<void> {
  return async () => {
    for (let i = 0; i < 200; i++) {
      await flushMicrotasks();
      if (inFlight() === 0) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await flushMicrotasks();
  };
}
