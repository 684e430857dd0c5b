/**
 * Charging the card on file (`POST /wallet/fund` with a payment method) and following the charge
 * to its end. Money rules, in order:
 *   1. The attempt (`charges[]`, key `charge-<request id>-<n>`) is persisted and audited by the
 *      click (fund/charge-card.ts) BEFORE `fundWithCard` is called.
 *   2. The answer is recorded right after it arrives.
 *   3. A call that may have been applied (timeout, 5xx, an unreadable answer, a crash before the
 *      record) leaves the attempt without an outcome: the next drive (sweep, resume) REPLAYS it
 *      with the SAME key, so ModelsLab answers the first result: one credit per attempt, never two.
 *      Only the bot's own budget refusing the first send proves nothing was sent.
 *   4. A pending charge is followed with `paymentStatus`, from spare budget only, at most once a
 *      minute; no spare token means "ask at the next sweep".
 *   5. Replays stop before the key may be forgotten (CHARGE_REPLAY_WINDOW_MS): the attempt becomes
 *      `unknown`, the card says to check the ledger, and the card is not offered again here.
 */
import type { CardCharge } from '../shared/cards-port.ts';
import { BillingBudgetWaitError, BillingHttpError, isBillingOutage } from '../shared/errors.ts';
import type { EngineServices } from '../shared/services.ts';
import { chargeEditOwed } from './card-charge.ts';
import { owedChargeReceipts } from './card-charge-receipt-step.ts';
import type { CardChargeAttempt, PaymentRequest } from './request.ts';
import { canTransition } from './state-machine.ts';

/** Replays of an unanswered charge and status checks of a pending one: at most once a minute each. */
export const CHARGE_FOLLOW_MS = 60_000;
/**
 * How long an unanswered charge is replayed with its key. Stripe forgets an idempotency key after
 * 24 hours (ModelsLab's own retention is not documented): a replay after that could be a second
 * charge, not a replay. Past this window the attempt is `unknown` and is never sent again.
 */
export const CHARGE_REPLAY_WINDOW_MS = 23 * 60 * 60 * 1000;

export type ChargeResult =
  /** ModelsLab answered (or refused the call): the outcome is recorded. */
  | { readonly kind: 'answered' }
  /** Nothing was sent (the bot's own budget refused it): recorded as `not_sent`. */
  | { readonly kind: 'not_sent'; readonly err: BillingBudgetWaitError }
  /** No answer: the attempt stays without outcome and is replayed with its key. */
  | { readonly kind: 'unanswered' };

/** The audit line of one charge: `what` is its outcome's code (the audit is not read in a language). */
const note = (c: CardChargeAttempt, what: string, extra = '') => ({
  actor: c.by,
  detail: `card charge ${c.n} (${c.brand} ••${c.last4}): ${what}${extra}`,
});

/**
 * Send (or, `replay`, send again with the same key) one charge and record what came back. The
 * caller holds the request's lock and has persisted the attempt.
 */
export async function sendCharge(
  s: EngineServices,
  request: PaymentRequest,
  charge: CardChargeAttempt,
  replay = false,
): Promise<ChargeResult> {
  let answer: CardCharge;
  try {
    answer = await s.billing.fundWithCard(charge.amountCents, charge.paymentMethodId, charge.idempotencyKey);
  } catch (err) {
    // Only the bot's own budget proves nothing was sent: BudgetedBilling refused before any HTTP.
    // A 429 from ModelsLab may be the transport's retry after a 5xx that was applied, so it is
    // treated as unanswered and replayed with the key; so is any rate limit on a replay.
    if (err instanceof BillingBudgetWaitError && !replay) {
      charge.outcome = 'not_sent';
      charge.message = err.code;
      charge.settledAt = s.clock.now();
      await s.ledger.saveNoted(request, note(charge, 'not_sent', ` (${err.code})`));
      return { kind: 'not_sent', err };
    }
    // 409: the key is still being processed (or was used differently): the first may be applied.
    if (err instanceof BillingHttpError && !isBillingOutage(err) && err.status !== 409) {
      // ModelsLab's answer, not an outage: the charge was refused (e.g. an unknown payment method).
      charge.outcome = 'refused';
      charge.message = err.apiCode;
      charge.settledAt = s.clock.now();
      await s.ledger.saveNoted(request, note(charge, 'refused', ` (${err.apiCode})`));
      return { kind: 'answered' };
    }
    const quiet = err instanceof BillingBudgetWaitError;
    s.logger[quiet ? 'info' : 'warn'](
      { err, requestId: request.id, charge: charge.n },
      'card charge unanswered; the next drive replays it with the same idempotency key',
    );
    return { kind: 'unanswered' };
  }
  await recordAnswer(s, request, charge, answer);
  return { kind: 'answered' };
}

async function recordAnswer(
  s: EngineServices,
  request: PaymentRequest,
  charge: CardChargeAttempt,
  answer: CardCharge,
): Promise<void> {
  const now = s.clock.now();
  if (answer.paymentId !== undefined) charge.paymentId = answer.paymentId;
  switch (answer.status) {
    case 'succeeded':
      if (answer.balanceCents !== undefined) charge.balanceCents = answer.balanceCents;
      await settleSucceeded(s, request, charge);
      return;
    case 'pending':
      charge.outcome = 'pending';
      await s.ledger.saveNoted(request, note(charge, 'pending'));
      return;
    case 'requires_action':
      charge.outcome = 'requires_action';
      charge.message = answer.message;
      charge.settledAt = now;
      await s.ledger.saveNoted(request, note(charge, 'requires_action'));
      return;
    case 'declined':
      charge.outcome = 'declined';
      charge.message = answer.message;
      if (answer.declineCode !== undefined) charge.declineCode = answer.declineCode;
      charge.settledAt = now;
      await s.ledger.saveNoted(request, note(charge, 'declined', answer.declineCode ? ` (${answer.declineCode})` : ''));
      return;
  }
}

/** The money arrived: the request is paid (from awaiting payment, an expired link, or closed). */
async function settleSucceeded(s: EngineServices, request: PaymentRequest, charge: CardChargeAttempt): Promise<void> {
  // A charge that settled later (pending, then succeeded) came with no balance: the receipt reads
  // it now (a read, outside the budget), rather than say "not reported". Best effort.
  if (charge.balanceCents === undefined) {
    try {
      charge.balanceCents = (await s.billing.getBalance()).balanceCents;
    } catch (err) {
      s.logger.info({ err, requestId: request.id }, 'balance unreadable after a card charge; the receipt says so');
    }
  }
  charge.outcome = 'succeeded';
  charge.settledAt = s.clock.now();
  const paid = note(charge, 'succeeded', charge.paymentId ? ` (${charge.paymentId})` : '');
  if (canTransition(request.state, 'paid')) {
    await s.ledger.transition(request, 'paid', paid);
    return;
  }
  // Already paid on the link meanwhile: a second payment, recorded all the same (money follows it).
  s.logger.warn(
    { requestId: request.id, state: request.state, charge: charge.n },
    'card charge succeeded on a paid request',
  );
  await s.ledger.saveNoted(request, note(charge, 'succeeded', `, on_${request.state}`));
}

/**
 * What the sweep owes each charge: replay an unanswered one with its key, follow a pending one.
 * Never throws for a billing failure (logged; the next drive tries again).
 */
export async function followCardCharges(s: EngineServices, request: PaymentRequest): Promise<void> {
  for (const charge of request.charges ?? []) {
    if (charge.outcome !== undefined && charge.outcome !== 'pending') continue;
    const now = s.clock.now();
    if (charge.lastCheckedAt !== undefined && now - charge.lastCheckedAt < CHARGE_FOLLOW_MS) continue;
    if (charge.outcome === undefined && now - charge.startedAt >= CHARGE_REPLAY_WINDOW_MS) {
      charge.outcome = 'unknown';
      charge.settledAt = now;
      s.logger.error(
        { requestId: request.id, charge: charge.n },
        'card charge never answered within the replay window; not replayed again (its key may have expired)',
      );
      await s.ledger.saveNoted(request, note(charge, 'unknown'));
      continue;
    }
    if (charge.outcome === undefined) {
      charge.lastCheckedAt = now;
      await s.ledger.save(request);
      s.logger.info({ requestId: request.id, charge: charge.n }, 'replaying an unanswered card charge with its key');
      await sendCharge(s, request, charge, true);
      continue;
    }
    await checkPending(s, request, charge);
  }
}

async function checkPending(s: EngineServices, request: PaymentRequest, charge: CardChargeAttempt): Promise<void> {
  if (!charge.paymentId) return;
  let status: Awaited<ReturnType<EngineServices['billing']['paymentStatus']>>;
  try {
    status = await s.billing.paymentStatus(charge.paymentId);
  } catch (err) {
    // No spare token: nothing was sent; the next sweep asks (not a minute later).
    if (err instanceof BillingBudgetWaitError) return;
    charge.lastCheckedAt = s.clock.now();
    await s.ledger.save(request);
    s.logger.warn({ err, requestId: request.id, charge: charge.n }, 'pending card charge: status check failed');
    return;
  }
  charge.lastCheckedAt = s.clock.now();
  if (status.status === 'succeeded') {
    await settleSucceeded(s, request, charge);
    return;
  }
  if (status.status === 'failed') {
    charge.outcome = 'failed';
    charge.settledAt = s.clock.now();
    await s.ledger.saveNoted(request, note(charge, 'failed'));
    return;
  }
  await s.ledger.save(request);
}

/** A charge the sweep still owes something: unanswered, or pending. */
export function chargeFollowOwed(request: PaymentRequest): boolean {
  return (request.charges ?? []).some((c) => c.outcome === undefined || c.outcome === 'pending');
}

/** What a finished request may still owe for its card charges (engine.ts `owes`): follow-up, receipt, card edit. */
export function chargeWorkOwed(request: PaymentRequest): boolean {
  return chargeFollowOwed(request) || owedChargeReceipts(request).length > 0 || chargeEditOwed(request);
}
