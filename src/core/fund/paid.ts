/**
 * "I've paid": the click proves nothing by itself, so the bot looks and says what it found. One
 * prompt confirm-checkout call inside the shared billing budget (the watcher's `checkNow`):
 * "Received" when ModelsLab has the payment (its receipt is posted before the answer), "Not paid
 * yet" with how long the bot keeps checking, or that the budget is busy and when it checks. The
 * session is nudged either way, so the next checks come sooner, never later. The request's lock
 * is released before the check: the watcher hands a payment to the engine, which takes it.
 */

import { receiptWhere } from '../requests/card.ts';
import { currentAttempt, type PaymentRequest } from '../requests/request.ts';
import { watchOf } from '../requests/session-watch.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { info, refusal } from '../shared/notices.ts';
import { mayClaimPaid } from '../shared/policy.ts';
import type { CheckoutWatch, PromptCheck } from '../shared/ports.ts';
import type { Reply } from '../shared/reply.ts';
import { currentState } from './request-notices.ts';
import { withRequest } from './with-request.ts';

export const paidAction: ActionHandler = async ({ s, event, respond, t }) => {
  let pending: { request: PaymentRequest; watch: CheckoutWatch } | undefined;
  await withRequest(s, event, respond, t, async (request) => {
    // Checked before the state, so a stranger learns nothing about someone else's request.
    const verdict = mayClaimPaid(event.actor, request);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule(t)));
      return;
    }
    const attempt = currentAttempt(request);
    const watch = attempt ? watchOf(request, attempt) : undefined;
    if (request.state === 'paid' && attempt && watch) {
      // The watcher saw it first: the click still gets the answer it asked for.
      await respond.reply(paidAnswer(t, request, watch, { kind: 'unavailable' }, s.clock.now()));
      return;
    }
    if (request.state !== 'awaiting_payment' || !attempt || !watch) {
      await respond.reply(currentState(t, request));
      return;
    }
    attempt.paidClickedAt = s.clock.now();
    await s.ledger.save(request);
    s.watcher.nudge(watch.sessionId);
    pending = { request, watch };
  });
  if (!pending) return;
  const found = await s.watcher.checkNow(pending.watch);
  const after = (await s.ledger.get(pending.request.id)) ?? pending.request;
  await respond.reply(paidAnswer(t, after, pending.watch, found, s.clock.now()));
};

function paidAnswer(t: Texts, request: PaymentRequest, watch: CheckoutWatch, found: PromptCheck, now: number): Reply {
  const until = t.t('fund.paid_until', { time: t.time(watch.expiresAt) });
  if (request.state === 'paid') {
    const posted = request.attempts.some((a) => a.confirmedAt !== undefined && a.receiptPostedAt !== undefined);
    return {
      text: posted
        ? t.t('fund.paid_received', { id: request.id, where: receiptWhere(t, request) })
        : t.t('fund.paid_received_posting', { id: request.id }),
      ephemeral: true,
      tone: 'success',
    };
  }
  if (found.kind === 'budget') {
    const seconds = Math.max(1, Math.ceil(found.waitMs / 1000));
    return info(t.t('fund.paid_budget', { seconds: String(seconds), until }));
  }
  if (found.kind === 'unavailable') {
    return info(t.t('fund.paid_unavailable', { until }));
  }
  if (found.outcome.status === 'pending') {
    const minutes = Math.max(0, Math.round((watch.expiresAt - now) / 60_000));
    return info(t.t('fund.paid_pending', { until, minutes: String(minutes) }));
  }
  // Expired, not found or refused: the request moved on and its card and DM say so.
  return currentState(t, request);
}
