/**
 * BudgetedBilling, the engine's side of the one budget: every billing call the engine makes takes
 * a token first (a Cancel's confirm-checkout too, which used to pass straight through), waits a
 * bounded time for one, and says whose limit held it back: the bot's own budget
 * (BillingBudgetWaitError) or ModelsLab's (a block after a 429: BillingRateLimitedError).
 */
import { describe, expect, it } from 'vitest';
import { BudgetedBilling } from '../../src/billing/index.ts';
import { BillingBudgetWaitError, BillingRateLimitedError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import type { BillingPort } from '../../src/core/shared/ports.ts';
import { MemoryRateBudget } from '../../src/store/index.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0);

/** An inner port that records calls; `fail` makes the next call throw. */
function innerPort() {
  const calls: string[] = [];
  let fail: Error | undefined;
  const port = {
    async confirmCheckout() {
      calls.push('confirm');
      return { status: 'pending' as const, reason: 'checkout_not_completed' };
    },
    async createPaymentLink() {
      calls.push('link');
      if (fail) throw fail;
      return { sessionId: 'cs_1', paymentUrl: 'https://pay.example/cs_1', expiresAt: T0 + 3_600_000 };
    },
  };
  return {
    port: port as unknown as BillingPort,
    calls,
    failNext: (e: Error) => {
      fail = e;
    },
  };
}

describe('BudgetedBilling', () => {
  it("takes a token for a Cancel's confirm-checkout, like every other billing call", async () => {
    const clock = new ManualClock(T0);
    const budget = new MemoryRateBudget(15, { burst: 1 });
    const inner = innerPort();
    const billing = new BudgetedBilling(inner.port, budget, clock);
    await billing.confirmCheckout('fund', 'cs_1', 'confirm-cs_1-cancel');
    expect(inner.calls).toEqual(['confirm']);
    expect((await budget.tryTake(clock.now())).granted).toBe(false);
  });

  it("past the wait bound: nothing sent, and the error names the bot's own budget with the wait", async () => {
    const clock = new ManualClock(T0);
    const budget = new MemoryRateBudget(2, { burst: 2 });
    const inner = innerPort();
    const billing = new BudgetedBilling(inner.port, budget, clock, { maxWaitMs: 5_000, perMinute: 2 });
    await billing.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, 'k1');
    await billing.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, 'k2');
    const refused = await billing.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, 'k3').catch((e) => e);
    expect(refused).toBeInstanceOf(BillingBudgetWaitError);
    expect(refused).toMatchObject({ code: 'billing_budget_wait', perMinute: 2 });
    expect((refused as BillingBudgetWaitError).retryAfterMs).toBeGreaterThan(5_000);
    expect(inner.calls).toEqual(['link', 'link']);
  });

  it("a ModelsLab 429 closes the budget until its Retry-After, and the next wait is ModelsLab's", async () => {
    const clock = new ManualClock(T0);
    const budget = new MemoryRateBudget(15);
    const inner = innerPort();
    const billing = new BudgetedBilling(inner.port, budget, clock, { maxWaitMs: 5_000 });
    inner.failNext(new BillingRateLimitedError('POST /billing/payment-link', 30_000));
    await expect(billing.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, 'k1')).rejects.toBeInstanceOf(
      BillingRateLimitedError,
    );
    expect(await budget.tryTake(clock.now())).toEqual({ granted: false, waitMs: 30_000, blocked: true });
    const next = await billing.createPaymentLink({ purpose: 'fund', amountCents: 2_000 }, 'k2').catch((e) => e);
    expect(next).toBeInstanceOf(BillingRateLimitedError);
    expect(next).not.toBeInstanceOf(BillingBudgetWaitError);
    expect(inner.calls).toEqual(['link']);
  });
});
