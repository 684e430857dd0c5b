/**
 * Create the payment link of the current attempt. The attempt's idempotency key
 * (`paylink-<id>-<n>`) is stable, so creating it again after a crash or an outage replays the
 * same checkout session at ModelsLab instead of opening a second one.
 */

import { unreadableAnswerSentence } from '../shared/billing-call.ts';
import { rateLimitSentence } from '../shared/budget-wait.ts';
import { BillingRateLimitedError, BillingSchemaError, isBillingOutage, isBotError } from '../shared/errors.ts';
import type { Texts } from '../shared/i18n.ts';
import { newErrorRef } from '../shared/ids.ts';
import type { PaymentLinkInput, Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';
import { tryAgainButton } from './card.ts';
import { issuePayLink } from './pay-link.ts';
import { refuseDuplicatePlan } from './plan-duplicates.ts';
import { type CheckoutAttempt, currentAttempt, type PaymentRequest } from './request.ts';
import { channelTexts } from './texts.ts';

export function newAttempt(request: PaymentRequest): CheckoutAttempt {
  const n = request.attempts.length + 1;
  return { n, idempotencyKey: `paylink-${request.id}-${n}` };
}

function linkInput(request: PaymentRequest): PaymentLinkInput {
  return request.purpose === 'fund'
    ? { purpose: 'fund', amountCents: request.amountCents ?? 0 }
    : { purpose: 'subscribe', planId: request.planId ?? 0 };
}

/** Returns true when the link exists and the request moved to `link_created` (or `failed`). */
/** `texts`: the language of `notify`'s answers (the clicking person's); the workspace's when not given. */
export async function createLink(
  s: EngineServices,
  request: PaymentRequest,
  notify?: Responder,
  texts?: Texts,
): Promise<boolean> {
  const t = texts ?? channelTexts(s);
  // A subscription to a plan the account got meanwhile (approvals take time) is refused here too.
  const duplicate = await refuseDuplicatePlan(s, request, notify, t);
  if (duplicate !== 'clear') return duplicate === 'failed';
  let attempt = currentAttempt(request);
  if (!attempt || attempt.sessionId) {
    attempt = newAttempt(request);
    request.attempts.push(attempt);
    await s.ledger.save(request);
  }
  try {
    const link = await s.billing.createPaymentLink(linkInput(request), attempt.idempotencyKey);
    attempt.sessionId = link.sessionId;
    attempt.paymentUrl = link.paymentUrl;
    attempt.expiresAt = link.expiresAt;
    attempt.linkCreatedAt = s.clock.now();
    // The tracked link (with a public address) is indexed and saved with the attempt, before the DM.
    await issuePayLink(s, request, attempt);
    await s.ledger.transition(request, 'link_created', { detail: `attempt ${attempt.n}` });
    return true;
  } catch (err) {
    // Unknown failures are not refusals: leave the request `approved` for resume/sweep to retry.
    if (!isBotError(err)) throw err;
    if (err instanceof BillingSchemaError) {
      // A 200 we could not read is not a refusal: ModelsLab may well have opened the session.
      // The sweep replays the same Idempotency-Key, which returns that same session, so there
      // is still one session per attempt. If the answers stay unreadable (an API change), the
      // request stays `approved` and each sweep asks again; the log says why.
      // Not an outage either: the person is told it is this version's problem, with the ref of
      // the operator's error line (flow/billing-call.ts says the same for every other call).
      const ref = newErrorRef();
      s.logger.error(
        { err, ref, requestId: request.id, attempt: attempt.n },
        'payment link answer unreadable; will retry with the same key',
      );
      await notify?.reply({
        text: t.t('requests.link.unreadable', { id: request.id, sentence: unreadableAnswerSentence(t, ref) }),
        tone: 'warning',
        ephemeral: true,
      });
      return false;
    }
    if (err instanceof BillingRateLimitedError) {
      // The bot's own budget (shared with the payment checks) or ModelsLab's limit: say which, and how long.
      s.logger.info(
        { requestId: request.id, attempt: attempt.n, waitMs: err.retryAfterMs, code: err.code },
        'payment link waits for the billing rate limit',
      );
      await notify?.reply({
        text: t.t('requests.link.limited', { sentence: rateLimitSentence(t, err) ?? '', id: request.id }),
        tone: 'warning',
        ephemeral: true,
      });
      return false;
    }
    if (isBillingOutage(err)) {
      s.logger.warn({ err, requestId: request.id, attempt: attempt.n }, 'payment link not created yet; will retry');
      await notify?.reply({
        text: t.t('requests.link.down', { id: request.id }),
        tone: 'warning',
        ephemeral: true,
      });
      return false;
    }
    s.logger.error({ err, requestId: request.id, attempt: attempt.n }, 'payment link refused');
    request.reason = channelTexts(s).t('requests.reason.link_refused');
    await s.ledger.transition(request, 'failed', { detail: err instanceof Error ? err.message : String(err) });
    await notify?.reply({
      text: t.t('requests.link.refused', { id: request.id }),
      buttons: [tryAgainButton(t, request.id)],
      tone: 'danger',
      ephemeral: true,
    });
    return true;
  }
}
