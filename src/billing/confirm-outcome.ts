/**
 * confirm-checkout answers as values the engine understands. Only outages and rate limits stay
 * exceptions: they say nothing about the session.
 */
import { BillingHttpError } from '../core/shared/errors.ts';
import { dollarsToCents } from '../core/shared/money.ts';
import type { ConfirmOutcome } from '../core/shared/ports.ts';
import type { SubscriptionConfirm } from './schemas/subscriptions.ts';
import type { WalletConfirm } from './schemas/wallet.ts';

export function paidFromWallet(body: WalletConfirm): ConfirmOutcome {
  return {
    status: 'paid',
    alreadyConfirmed: body.already_confirmed,
    ...(body.balance === undefined ? {} : { balanceCents: dollarsToCents(body.balance) }),
    ...(body.amount === undefined ? {} : { amountCents: dollarsToCents(body.amount) }),
  };
}

export function paidFromSubscription(body: SubscriptionConfirm): ConfirmOutcome {
  const subscriptionStatus = body.subscription?.status ?? body.status;
  return {
    status: 'paid',
    alreadyConfirmed: body.already_confirmed,
    ...(subscriptionStatus === undefined ? {} : { subscriptionStatus }),
  };
}

/**
 * 410 → expired; 404 → not_found; 409 `wrong_purpose` → rejected (confirming at the wrong
 * endpoint never succeeds). 401/403 are thrown: a bad token is not a fact about the session.
 * Every other 4xx (`checkout_not_completed`, `payment_pending`, codes we do not know yet) → pending,
 * so the watcher keeps polling until the session's own expiry rather than dropping a payment that
 * may still complete.
 */
export function outcomeFromHttpError(e: BillingHttpError): ConfirmOutcome {
  if (e.status === 401 || e.status === 403 || e.status >= 500) throw e;
  if (e.status === 410 || e.apiCode === 'checkout_expired') return { status: 'expired' };
  if (e.status === 404) return { status: 'not_found' };
  if (e.apiCode === 'wrong_purpose') return { status: 'rejected', reason: e.apiCode };
  return { status: 'pending', reason: e.apiCode };
}

export async function confirmOutcome(run: () => Promise<ConfirmOutcome>): Promise<ConfirmOutcome> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof BillingHttpError) return outcomeFromHttpError(e);
    throw e;
  }
}
