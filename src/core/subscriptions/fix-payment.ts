/**
 * `fix_payment` on a failed subscription payment notice (payment-monitor.ts): an approver retries
 * the payment with the card on file (`POST /subscriptions/{id}/fix-payment`).
 *
 * Approvers only; anyone else is told the rule and nothing is called. The status is read first
 * (a spare budget token; without one the fix call itself tells): already active → said, and the
 * notice closed. Else the attempt is persisted before the call, its idempotency key
 * `fixpay-<id>-<episode>-<n>` from that record; an attempt left unanswered (a crash, an outage: it
 * may have been applied) is sent again with the same key, never a new one. A click while one is
 * in flight (the subscription's lock is held, in any process) is told so. Each attempt and its
 * outcome are audited; outcomes are in fix-payment-outcome.ts.
 */
import { userRef } from '../requests/queries.ts';
import { RequestBusyError } from '../requests/request-lock.ts';
import { callBilling } from '../shared/billing-call.ts';
import type { FixPaymentResult } from '../shared/cards-port.ts';
import { BillingBudgetWaitError, BillingHttpError, isBillingOutage } from '../shared/errors.ts';
import type { ActionContext, ActionHandler } from '../shared/handler.ts';
import { info, refusal } from '../shared/notices.ts';
import { type FixAttempt, fixAnswered, fixDeclined, fixKey, fixRefused, markClosed } from './fix-payment-outcome.ts';
import { NOTICE_TTL_MS, noticeKey, noticeLockId, type PaymentNotice } from './payment-monitor-notice.ts';

export const fixPaymentAction: ActionHandler = async (ctx) => {
  const { s, event, respond, t } = ctx;
  if (!event.actor.isApprover) {
    await respond.reply(refusal(t.t('subPayments.approvers_only')));
    return;
  }
  const id = /^\d{1,12}$/.test(event.value) ? Number(event.value) : undefined;
  if (id === undefined) {
    await respond.reply(refusal(t.t('subPayments.bad_value')));
    return;
  }
  try {
    await s.locks.run(noticeLockId(id), () => fixLocked(ctx, id), { wait: false });
  } catch (err) {
    if (!(err instanceof RequestBusyError)) throw err;
    await respond.reply(info(t.t('subPayments.in_flight', { id })));
  }
};

async function fixLocked(ctx: ActionContext, id: number): Promise<void> {
  const { s, event, respond, t } = ctx;
  const notice = await s.kv.get<PaymentNotice>(noticeKey(id));
  const name = notice?.planName ?? `#${id}`;
  const status = await currentStatus(ctx, id);
  if (status === null) return;
  if (status === 'active') {
    if (notice) await markClosed(s, notice, undefined);
    await respond.reply(info(t.t('subPayments.already_active', { name, id })));
    return;
  }
  if (status !== undefined && status !== 'past_due') {
    await respond.reply(info(t.t('subPayments.not_past_due', { id, status })));
    return;
  }
  const episode = notice?.episode ?? 0;
  const recordKey = `sub-payment-fix:${id}`;
  const earlier = await s.kv.get<FixAttempt>(recordKey);
  // An attempt of this episode never answered may have been applied: the same key replays it.
  const replay = earlier && earlier.episode === episode && !earlier.settled ? earlier : undefined;
  const n = replay?.n ?? (earlier?.episode === episode ? earlier.n + 1 : 1);
  const attempt: FixAttempt = {
    subscriptionId: id,
    episode,
    n,
    key: fixKey(id, episode, n),
    by: userRef(event.actor),
    startedAt: s.clock.now(),
    settled: false,
  };
  await s.kv.set(recordKey, attempt, NOTICE_TTL_MS);
  await s.audit.append({
    at: s.clock.now(),
    requestId: `sub-${id}`,
    purpose: 'subscription',
    from: null,
    to: 'done',
    actor: attempt.by,
    detail: `fix payment attempt ${n} for subscription #${id}${replay ? ' (sent again, same key)' : ''}`,
  });
  let result: FixPaymentResult | undefined;
  try {
    result = await s.billing.fixSubscriptionPayment(id, attempt.key);
  } catch (err) {
    if (err instanceof BillingHttpError && err.apiCode === 'payment_declined') {
      await fixDeclined(ctx, attempt, recordKey);
      return;
    }
    // A plain refusal (no card on file, a subscription that cannot be fixed): ModelsLab's own
    // words tell the approver what to change, which a bare error code would not.
    if (err instanceof BillingHttpError && !isBillingOutage(err) && err.status !== 409) {
      await fixRefused(ctx, attempt, recordKey, err);
      return;
    }
    // Only the bot's own budget proves nothing was sent: settled. Anything else (an outage, a 409,
    // an answer this version cannot read) may have been applied: the attempt stays open and the
    // next click replays its key.
    if (err instanceof BillingBudgetWaitError)
      await s.kv.set<FixAttempt>(recordKey, { ...attempt, settled: true }, NOTICE_TTL_MS);
    await callBilling(s, respond, t.t('subPayments.what_fix'), () => Promise.reject(err), 'change', t);
    return;
  }
  await fixAnswered(ctx, { attempt, recordKey, notice, name, result });
}

/**
 * The status before fixing: a string, undefined when no spare budget token was free (the fix call
 * will tell), null when the person was already told a billing failure.
 */
async function currentStatus(ctx: ActionContext, id: number): Promise<string | undefined | null> {
  const { s, respond, t } = ctx;
  try {
    return (await s.billing.subscriptionPaymentState(id)).status;
  } catch (err) {
    if (err instanceof BillingBudgetWaitError) return undefined;
    await callBilling(s, respond, t.t('subPayments.what_check'), () => Promise.reject(err), 'read', t);
    return null;
  }
}
