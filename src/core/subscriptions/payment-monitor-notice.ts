/**
 * A failed subscription payment's notice in the alert channel, as both its writers see it: the
 * monitor (payment-monitor.ts) that posts it and marks it recovered, and Fix payment
 * (fix-payment.ts) that marks it fixed. One kv record per subscription, keyed by its id (the
 * store is the tenant's), holding the current failure episode.
 *
 * Phases: `posting` (decided and persisted, the post not yet recorded: a crash here posts the
 * same message once more, which the platform adapters' post keys adopt or label), `posted` (the
 * notice is up with its Fix payment button), `closed` (recovered, fixed or canceled: the notice
 * was edited and its button is gone). A new failure after `closed` is a new episode: a new notice.
 */
import type { Texts } from '../shared/i18n.ts';
import type { Logger, Messenger } from '../shared/ports.ts';
import { mentionUser, type Reply } from '../shared/reply.ts';
import type { ConversationRef, MessageRef, UserRef } from '../shared/types.ts';

export interface PaymentNotice {
  readonly subscriptionId: number;
  /** The plan's name as ModelsLab gave it when the failure was noticed. */
  readonly planName: string;
  /** 1 for the first failure of this subscription, then one more per failure. */
  readonly episode: number;
  readonly phase: 'posting' | 'posted' | 'closed';
  readonly channel: ConversationRef;
  readonly decidedAt: number;
  readonly message?: MessageRef;
  readonly closedAt?: number;
  readonly closedAs?: 'recovered' | 'fixed' | 'ended';
  readonly fixedBy?: UserRef;
}

/** Notices outlive any failure episode a team would leave open (the TTL only bounds the kv). */
export const NOTICE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export function noticeKey(subscriptionId: number): string {
  return `sub-payment:${subscriptionId}`;
}

/** The lock both writers take around a subscription's record (core/requests/request-lock.ts). */
export function noticeLockId(subscriptionId: number): string {
  return `sub-payment-${subscriptionId}`;
}

function names(notice: Pick<PaymentNotice, 'subscriptionId' | 'planName'>) {
  return { name: notice.planName, id: notice.subscriptionId };
}

export function pastDueNotice(t: Texts, notice: Pick<PaymentNotice, 'subscriptionId' | 'planName'>): Reply {
  return {
    title: t.t('subPayments.notice_title', names(notice)),
    text: t.t('subPayments.notice_text', names(notice)),
    buttons: [
      {
        kind: 'action',
        action: 'fix_payment',
        value: String(notice.subscriptionId),
        label: t.t('subPayments.fix_button'),
        style: 'primary',
      },
    ],
    tone: 'danger',
  };
}

/** The notice once it is closed: what happened, and no button. */
export function closedNotice(t: Texts, notice: PaymentNotice): Reply {
  if (notice.closedAs === 'ended')
    return {
      title: t.t('subPayments.ended_title', names(notice)),
      text: t.t('subPayments.ended_text', names(notice)),
      tone: 'neutral',
    };
  const text = notice.fixedBy
    ? t.t('subPayments.fixed_text', { ...names(notice), who: mentionUser(notice.fixedBy.id) })
    : t.t('subPayments.recovered_text', names(notice));
  return { title: t.t('subPayments.recovered_title', names(notice)), text, tone: 'success' };
}

/**
 * The record closed (persisted by the caller first), then the notice edited to match. A failed
 * edit is logged and left: the state is right, and a click on the stale button re-checks first.
 */
export async function editClosed(messenger: Messenger, t: Texts, notice: PaymentNotice, logger: Logger): Promise<void> {
  if (!notice.message) return;
  await messenger
    .update(notice.message, closedNotice(t, notice))
    .catch((err: unknown) =>
      logger.warn({ err, subscriptionId: notice.subscriptionId }, 'could not edit the subscription payment notice'),
    );
}
