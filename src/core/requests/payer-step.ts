/**
 * The payer's DMs: send the link once per attempt, then keep the DMs in step with the outcome:
 * the current link's DM, a new expiry notice, and older links' DMs once a newer one went out.
 */
import { DmClosedError } from '../shared/errors.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import { sameUser } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { MessageRef, UserRef } from '../shared/types.ts';
import { succeededCharge } from './card-charge.ts';
import { paidByCardDm } from './card-charge-receipt.ts';
import { editGivenUp } from './edit-retry.ts';
import {
  closedDm,
  expiredLinkDm,
  expiryNoticeDm,
  paidDm,
  paidElsewhereDm,
  paymentLinkDm,
  supersededDm,
} from './payer-dm.ts';
import { paidAttempt } from './queries.ts';
import { type CheckoutAttempt, currentAttempt, type DmView, type PaymentRequest } from './request.ts';
import { channelTexts, payerTexts } from './texts.ts';

/** The person whose click started this drive, and how to answer them. */
export interface Notify {
  readonly respond: Responder;
  readonly actor: UserRef;
  /** The actor's language (ctx.t), for the private answers of this drive. */
  readonly texts?: Texts;
}

const HOW_TO_OPEN_DMS: Readonly<Record<PaymentRequest['platform'], MessageKey>> = {
  slack: 'requests.dms_closed.slack',
  discord: 'requests.dms_closed.discord',
  web: 'requests.dms_closed.web',
};

function dmClosedNotice(t: Texts, request: PaymentRequest, inThread: boolean): Reply {
  const how = t.t(HOW_TO_OPEN_DMS[request.platform]);
  return {
    text: inThread
      ? t.t('requests.dms_closed_thread', { payer: mentionUser(request.payer.id), id: request.id, how })
      : t.t('requests.dms_closed', { id: request.id, how }),
    buttons: [
      {
        kind: 'action',
        action: 'new_link',
        value: request.id,
        label: t.t('requests.button.retry'),
        style: 'primary',
      },
    ],
    tone: 'warning',
    ...(inThread ? {} : { ephemeral: true }),
  };
}

/**
 * Send the link by DM; on success the request is `awaiting_payment`. Returns false when the
 * request must wait for a person (DMs closed).
 * Crash window: a DM delivered but not yet recorded is sent again after a restart (same link).
 */
export async function sendLinkDm(s: EngineServices, request: PaymentRequest, notify?: Notify): Promise<boolean> {
  const attempt = currentAttempt(request);
  if (!attempt?.sessionId) return false;
  if (attempt.expiresAt !== undefined && attempt.expiresAt <= s.clock.now()) {
    await s.ledger.transition(request, 'expired', { detail: `attempt ${attempt.n} expired before the DM` });
    return true;
  }
  // Closed DMs wait for the Retry button; resume and sweep do not nag the payer again.
  if (attempt.dmFailedAt !== undefined && !notify) return false;
  const messenger = s.outbox.messenger(request.platform);
  try {
    attempt.dm = await messenger.dm(request.payer, paymentLinkDm(payerTexts(s, request), request, attempt));
  } catch (err) {
    if (!(err instanceof DmClosedError)) throw err;
    attempt.dmFailedAt = s.clock.now();
    await s.ledger.save(request);
    s.logger.warn({ requestId: request.id, payer: request.payer.id }, 'payer DMs closed');
    // Told privately when the payer is the one clicking; otherwise in the card's thread.
    if (notify && sameUser(notify.actor, request.payer))
      await notify.respond.reply(dmClosedNotice(notify.texts ?? payerTexts(s, request), request, false));
    else if (request.card)
      await messenger.post(request.conversation, dmClosedNotice(channelTexts(s), request, true), {
        thread: request.card,
      });
    return false;
  }
  attempt.dmSentAt = s.clock.now();
  delete attempt.dmFailedAt;
  attempt.dmState = 'awaiting_payment';
  await s.ledger.transition(request, 'awaiting_payment', { detail: `link sent by DM (attempt ${attempt.n})` });
  return true;
}

/**
 * Edit the current attempt's DM so its stale Pay button disappears once the request moved on
 * (paid, expired, cancelled, failed).
 */
export async function syncPayerDm(s: EngineServices, request: PaymentRequest): Promise<void> {
  const attempt = currentAttempt(request);
  if (!attempt) return;
  const view = currentDmView(payerTexts(s, request), request, attempt, s.clock.now());
  if (!view) return;
  if (attempt.dm && attempt.dmState !== request.state) {
    await editDm(s, request, attempt, attempt.dm, view, 'dm', request.state);
  }
  // The expiry notice's New link / Cancel buttons go once the request moved on from `expired`.
  if (attempt.expiryNotice && request.state !== 'expired' && attempt.expiryNoticeState !== request.state) {
    await editDm(s, request, attempt, attempt.expiryNotice, view, 'notice', request.state);
  }
}

function currentDmView(t: Texts, request: PaymentRequest, attempt: CheckoutAttempt, now: number): Reply | undefined {
  switch (request.state) {
    case 'paid': {
      // Paid with the card on file and this link was not (yet) paid: it is not needed any more.
      const charge = succeededCharge(request);
      if (charge && attempt.confirmedAt === undefined) return paidByCardDm(t, request, charge);
      const paid = paidAttempt(request) ?? attempt;
      return paid === attempt || attempt.confirmedAt !== undefined
        ? paidDm(t, request, attempt)
        : paidElsewhereDm(t, request, attempt, now);
    }
    case 'expired':
      return expiredLinkDm(t, request, attempt, now);
    case 'cancelled':
    case 'failed':
      return closedDm(t, request, attempt, now);
    default:
      return undefined;
  }
}

/**
 * Older attempts' DMs once a newer link went out: the link DM and its expiry notice lose their
 * buttons (no second New link, no Cancel from an old message) and say that the old link stays
 * payable until its expiry, and that a payment on it is credited, not lost.
 */
export async function syncOlderDms(s: EngineServices, request: PaymentRequest): Promise<void> {
  const current = currentAttempt(request);
  const now = s.clock.now();
  const t = payerTexts(s, request);
  for (const attempt of request.attempts) {
    if (attempt === current) continue;
    // Paid older attempts keep their "Received" edit; the late-payment notice tells the rest.
    const view =
      attempt.confirmedAt !== undefined ? paidDm(t, request, attempt) : supersededDm(t, request, attempt, now);
    const target = attempt.confirmedAt !== undefined ? 'paid' : 'superseded';
    if (attempt.dm && attempt.dmState !== target) await editDm(s, request, attempt, attempt.dm, view, 'dm', target);
    if (attempt.expiryNotice && attempt.expiryNoticeState !== 'superseded') {
      await editDm(
        s,
        request,
        attempt,
        attempt.expiryNotice,
        supersededDm(t, request, attempt, now),
        'notice',
        'superseded',
      );
    }
  }
}

/**
 * The link expired: a NEW DM with New link and Cancel, so the payer sees a new-message mark (an
 * edit of the old DM shows none). Sent once per attempt.
 * Crash window: a notice delivered but not yet recorded is sent again after a restart.
 */
export async function sendExpiryNotice(s: EngineServices, request: PaymentRequest): Promise<void> {
  const attempt = currentAttempt(request);
  if (request.state !== 'expired' || !attempt?.dm || attempt.expiryNoticeSentAt !== undefined) return;
  try {
    attempt.expiryNotice = await s.outbox
      .messenger(request.platform)
      .dm(request.payer, expiryNoticeDm(payerTexts(s, request), request, attempt));
    attempt.expiryNoticeState = 'expired';
  } catch (err) {
    if (!(err instanceof DmClosedError)) throw err;
    // The card says the link expired and offers New link too.
    s.logger.warn({ requestId: request.id }, 'payer DMs closed; expiry notice not sent');
  }
  attempt.expiryNoticeSentAt = s.clock.now();
  await s.ledger.save(request);
}

async function editDm(
  s: EngineServices,
  request: PaymentRequest,
  attempt: CheckoutAttempt,
  ref: MessageRef,
  view: Reply,
  which: 'dm' | 'notice',
  shows: DmView,
): Promise<void> {
  try {
    await s.outbox.messenger(request.platform).update(ref, view);
  } catch (err) {
    const now = s.clock.now();
    if (!editGivenUp(attempt.dmEditFailingSince, now)) {
      if (attempt.dmEditFailingSince === undefined) {
        attempt.dmEditFailingSince = now;
        await s.ledger.save(request);
      }
      s.logger.warn({ err, requestId: request.id, attempt: attempt.n }, 'payer DM update failed; will retry');
      return;
    }
    // A DM edit is a courtesy: after an hour of failures it is recorded as done and left.
    s.logger.error({ err, requestId: request.id, attempt: attempt.n }, 'payer DM update failed for an hour; giving up');
  }
  if (which === 'dm') attempt.dmState = shows;
  else attempt.expiryNoticeState = shows;
  delete attempt.dmEditFailingSince;
  await s.ledger.save(request);
}
