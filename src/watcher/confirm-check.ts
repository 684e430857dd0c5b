/**
 * One check of one checkout: call confirm-checkout, map the answer or the error to what happens
 * next (confirm-decision.ts), and hand an outcome to the engine. Most outcomes end the watch;
 * a "not found", or the bot's expiry while ModelsLab still says open, is reported once and the
 * session stays watched in the background until it can no longer be paid.
 */
import type { BillingPort, CheckoutOutcomeSink, ConfirmOutcome, RateBudget } from '../core/shared/ports.ts';
import { type ConfirmDecision, decide } from './confirm-decision.ts';
import type { EarlySpending } from './early-spending.ts';
import { nextCheckAt, retryDelay } from './schedule.ts';
import type { Entry } from './watch-queue.ts';
import type { WatcherContext } from './watcher-context.ts';

const CONFIRM_ENDPOINT = 'confirm-checkout';

export interface ConfirmCheckDeps {
  readonly billing: BillingPort;
  readonly sink: CheckoutOutcomeSink;
  readonly budget: RateBudget;
}

/** How a finished checkout leaves the watcher: out of the queue, its lease handed back. */
export interface Finish {
  drop(entry: Entry): void;
  releaseLease(entry: Entry): Promise<void>;
}

export class ConfirmCheck {
  readonly #context: WatcherContext;
  readonly #deps: ConfirmCheckDeps;
  readonly #early: EarlySpending;
  readonly #finish: Finish;

  constructor(context: WatcherContext, deps: ConfirmCheckDeps, early: EarlySpending, finish: Finish) {
    this.#context = context;
    this.#deps = deps;
    this.#early = early;
    this.#finish = finish;
  }

  /**
   * The loop (or a prompt check) has taken a budget token for this call. Resolves with what the
   * call found once its consequence is applied (a final outcome handed to the engine included).
   */
  async check(entry: Entry): Promise<ConfirmDecision | undefined> {
    const { queue, clock, options, metrics } = this.#context;
    const { watch } = entry;
    const startedAt = clock.now();
    entry.busy = true;
    entry.lastCheckAt = startedAt;
    // Background checks stay out of the early-check ceiling: they get only what early checks
    // of waited-for links leave (the poll loop offers the token to an early check first).
    if (!entry.background) this.#early.recordCall(startedAt);
    // An early check comes from the early heap while the entry still waits for its regular one.
    queue.park(entry);
    queue.withdrawEarly(entry);
    let answer: { outcome: ConfirmOutcome } | { failure: unknown };
    try {
      answer = {
        outcome: await this.#deps.billing.confirmCheckout(watch.purpose, watch.sessionId, `confirm-${watch.sessionId}`),
      };
    } catch (failure) {
      answer = { failure };
    } finally {
      entry.busy = false;
    }
    if (!queue.isCurrent(entry) || !this.#context.isRunning()) return undefined;
    const now = clock.now();
    const decision = decide(answer, {
      checkStartedAt: startedAt,
      expiresAt: watch.expiresAt,
      expiryGraceMs: options.expiryGraceMs,
      reported: entry.reported,
    });
    const log = { requestId: watch.requestId, attempt: watch.attempt };

    switch (decision.kind) {
      case 'rate_limited':
        metrics.billingCall(CONFIRM_ENDPOINT, 'rate_limited');
        this.#context.log.warn({ ...log, retryAfterMs: decision.waitMs }, 'confirm-checkout rate limited');
        await this.#deps.budget.blockUntil(now + decision.waitMs);
        queue.schedule(entry, now + decision.waitMs);
        return decision;
      case 'unavailable': {
        metrics.billingCall(CONFIRM_ENDPOINT, 'error');
        entry.failures += 1;
        const delayMs = retryDelay(entry.failures, options);
        this.#context.log.warn({ ...log, delayMs, err: decision.error }, 'ModelsLab unreachable; retrying');
        queue.schedule(entry, now + delayMs);
        return decision;
      }
      case 'again':
        metrics.billingCall(CONFIRM_ENDPOINT, decision.unknown === undefined ? 'ok' : 'error');
        if (decision.unknown !== undefined) {
          this.#context.log.warn(
            { ...log, err: decision.unknown },
            'unknown confirm-checkout answer; treating as not paid yet',
          );
        }
        entry.failures = 0;
        queue.schedule(entry, nextCheckAt(entry, now, options));
        if (!entry.background) this.#early.enroll(entry);
        return decision;
      case 'final':
        metrics.billingCall(CONFIRM_ENDPOINT, 'failure' in answer ? 'error' : 'ok');
        entry.failures = 0;
        entry.outcome = decision.outcome;
        entry.outcomeEnds = decision.ends;
        this.#context.log.info(
          { ...log, status: decision.outcome.status, ends: decision.ends },
          decision.ends ? 'checkout watch finished' : 'checkout outcome reported; session still watched',
        );
        await this.deliver(entry);
        return decision;
    }
  }

  /** Hands the outcome to the engine; if it fails, tries again later (no billing call needed). */
  async deliver(entry: Entry): Promise<void> {
    const { queue, clock, options, log } = this.#context;
    const outcome = entry.outcome;
    if (!outcome) return;
    entry.busy = true;
    let delivered = false;
    try {
      await this.#deps.sink.onCheckoutOutcome(entry.watch, outcome, entry.outcomeEnds);
      delivered = true;
    } catch (error) {
      log.error({ requestId: entry.watch.requestId, err: error }, 'engine did not take the checkout outcome');
    } finally {
      entry.busy = false;
    }
    if (delivered && entry.outcomeEnds) {
      if (queue.isCurrent(entry)) this.#finish.drop(entry);
      else await this.#finish.releaseLease(entry);
      return;
    }
    if (!queue.isCurrent(entry)) return;
    if (delivered) {
      // Reported, not ended: nobody waits for this session now, but it may still be paid.
      entry.reported = outcome.status;
      entry.outcome = undefined;
      entry.background = true;
      queue.withdrawEarly(entry);
      queue.schedule(entry, nextCheckAt(entry, clock.now(), options));
      return;
    }
    entry.failures += 1;
    queue.schedule(entry, clock.now() + retryDelay(entry.failures, options));
  }
}
