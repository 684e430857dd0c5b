/** The payer's DM: send the link once per attempt, then keep the DM in step with the outcome. */
import { DmClosedError } from '../errors.ts';
import { sameUser } from '../policy.ts';
import type { Responder } from '../ports.ts';
import { mentionUser, type Reply } from '../reply.ts';
import { currentAttempt, type PaymentRequest } from '../request.ts';
import type { EngineServices } from '../services.ts';
import type { UserRef } from '../types.ts';
import { closedDm, expiredDm, paidDm, paymentLinkDm } from '../views/payer-dm.ts';
import { editGivenUp } from './edit-retry.ts';

/** The person whose click started this drive, and how to answer them. */
export interface Notify {
  readonly respond: Responder;
  readonly actor: UserRef;
}

const HOW_TO_OPEN_DMS: Readonly<Record<PaymentRequest['platform'], string>> = {
  slack: "Open the app's Messages tab once (click the app's name, then Messages).",
  discord: 'Allow direct messages from server members (server name › Privacy Settings).',
  web: 'Open your DM pane in the playground.',
};

function dmClosedNotice(request: PaymentRequest, inThread: boolean): Reply {
  const who = inThread ? `${mentionUser(request.payer.id)}, I` : 'I';
  return {
    text: `${who} could not send you the payment link for ${request.id}: your direct messages are closed. ${HOW_TO_OPEN_DMS[request.platform]} Then press Retry.`,
    buttons: [{ kind: 'action', action: 'new_link', value: request.id, label: 'Retry', style: 'primary' }],
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
    attempt.dm = await messenger.dm(request.payer, paymentLinkDm(request, attempt));
  } catch (err) {
    if (!(err instanceof DmClosedError)) throw err;
    attempt.dmFailedAt = s.clock.now();
    await s.ledger.save(request);
    s.logger.warn({ requestId: request.id, payer: request.payer.id }, 'payer DMs closed');
    // Told privately when the payer is the one clicking; otherwise in the card's thread.
    if (notify && sameUser(notify.actor, request.payer)) await notify.respond.reply(dmClosedNotice(request, false));
    else if (request.card)
      await messenger.post(request.conversation, dmClosedNotice(request, true), { thread: request.card });
    return false;
  }
  attempt.dmSentAt = s.clock.now();
  delete attempt.dmFailedAt;
  attempt.dmState = 'awaiting_payment';
  await s.ledger.transition(request, 'awaiting_payment', { detail: `link sent by DM (attempt ${attempt.n})` });
  return true;
}

/** Edit the last DM so its stale Pay button disappears once the request moved on. */
export async function syncPayerDm(s: EngineServices, request: PaymentRequest): Promise<void> {
  const attempt = currentAttempt(request);
  if (!attempt?.dm || attempt.dmState === request.state) return;
  let view: Reply;
  if (request.state === 'paid') view = paidDm(request, attempt);
  else if (request.state === 'expired') view = expiredDm(request);
  else if (request.state === 'cancelled' || request.state === 'failed') view = closedDm(request);
  else return;
  try {
    await s.outbox.messenger(request.platform).update(attempt.dm, view);
  } catch (err) {
    const now = s.clock.now();
    if (!editGivenUp(attempt.dmEditFailingSince, now)) {
      if (attempt.dmEditFailingSince === undefined) {
        attempt.dmEditFailingSince = now;
        await s.ledger.save(request);
      }
      s.logger.warn({ err, requestId: request.id }, 'payer DM update failed; will retry');
      return;
    }
    // A DM edit is a courtesy: after an hour of failures it is recorded as done and left.
    s.logger.error({ err, requestId: request.id }, 'payer DM update failed for an hour; giving up');
  }
  attempt.dmState = request.state;
  delete attempt.dmEditFailingSince;
  await s.ledger.save(request);
}
