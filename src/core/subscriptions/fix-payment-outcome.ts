/**
 * What Fix payment (fix-payment.ts) does with ModelsLab's answer: active → the notice says who
 * fixed it; a URL (the cardholder must act, e.g. 3-D Secure) → that approver's DM only, never a
 * channel, an answer others see, a log line or the audit; declined → the card needs updating.
 * Every outcome is settled in the attempt's record and audited.
 */

import type { FixPaymentResult } from '../shared/cards-port.ts';
import { type BillingHttpError, DmClosedError } from '../shared/errors.ts';
import type { ActionContext } from '../shared/handler.ts';
import { info, refusal } from '../shared/notices.ts';
import { sanitizeUserText } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { UserRef } from '../shared/types.ts';
import { editClosed, NOTICE_TTL_MS, noticeKey, type PaymentNotice } from './payment-monitor-notice.ts';

/** One Fix payment attempt, persisted before its call. */
export interface FixAttempt {
  readonly subscriptionId: number;
  readonly episode: number;
  readonly n: number;
  readonly key: string;
  readonly by: UserRef;
  readonly startedAt: number;
  /** False until ModelsLab answered (or plainly did not take it): an unsettled key is sent again. */
  readonly settled: boolean;
  readonly outcome?: 'fixed' | 'action_needed' | 'declined' | 'refused' | 'still_failed';
}

export function fixKey(subscriptionId: number, episode: number, n: number): string {
  return `fixpay-${subscriptionId}-${episode}-${n}`;
}

/** Close the notice (persisted, then edited): recovered, or fixed by `by`. No-op when already closed. */
export async function markClosed(s: EngineServices, notice: PaymentNotice, by: UserRef | undefined): Promise<void> {
  if (notice.phase === 'closed') return;
  const closed: PaymentNotice = {
    ...notice,
    phase: 'closed',
    closedAt: s.clock.now(),
    closedAs: by ? 'fixed' : 'recovered',
    ...(by ? { fixedBy: by } : {}),
  };
  await s.kv.set(noticeKey(notice.subscriptionId), closed, NOTICE_TTL_MS);
  await editClosed(s.outbox.messenger(notice.channel.platform), s.texts(s.locale()), closed, s.logger);
}

async function settle(
  s: EngineServices,
  recordKey: string,
  attempt: FixAttempt,
  said: { readonly outcome: NonNullable<FixAttempt['outcome']>; readonly detail: string },
): Promise<void> {
  const { outcome, detail } = said;
  await s.kv.set<FixAttempt>(recordKey, { ...attempt, settled: true, outcome }, NOTICE_TTL_MS);
  await s.audit.append({
    at: s.clock.now(),
    requestId: `sub-${attempt.subscriptionId}`,
    purpose: 'subscription',
    from: null,
    to: 'done',
    actor: attempt.by,
    detail: `fix payment attempt ${attempt.n} for subscription #${attempt.subscriptionId}: ${detail}`,
  });
}

export async function fixDeclined(ctx: ActionContext, attempt: FixAttempt, recordKey: string): Promise<void> {
  await settle(ctx.s, recordKey, attempt, { outcome: 'declined', detail: 'the card on file was declined' });
  await ctx.respond.reply(refusal(ctx.t.t('subPayments.declined')));
}

/** ModelsLab refused the fix outright: nothing was charged; its reason (made safe to show) is said. */
export async function fixRefused(
  ctx: ActionContext,
  attempt: FixAttempt,
  recordKey: string,
  err: BillingHttpError,
): Promise<void> {
  await settle(ctx.s, recordKey, attempt, { outcome: 'refused', detail: `refused (${err.apiCode})` });
  const said = sanitizeUserText(err.apiMessage, 200);
  await ctx.respond.reply(refusal(ctx.t.t('subPayments.refused', { id: attempt.subscriptionId, said })));
}

export async function fixAnswered(
  ctx: ActionContext,
  a: {
    readonly attempt: FixAttempt;
    readonly recordKey: string;
    readonly notice: PaymentNotice | undefined;
    readonly name: string;
    readonly result: FixPaymentResult;
  },
): Promise<void> {
  const { s, event, respond, t } = ctx;
  const { attempt, recordKey, result } = a;
  const id = attempt.subscriptionId;
  if (result.status === 'active') {
    await settle(s, recordKey, attempt, { outcome: 'fixed', detail: 'the payment went through, active' });
    if (a.notice) await markClosed(s, a.notice, attempt.by);
    await respond.reply({ ...info(t.t('subPayments.fixed', { id })), tone: 'success' });
    return;
  }
  if (result.url) {
    // The page is for the cardholder: the approver who clicked gets it by DM, and nobody else.
    await settle(s, recordKey, attempt, {
      outcome: 'action_needed',
      detail: 'the cardholder must complete it; link sent by DM',
    });
    try {
      await s.outbox.messenger(event.platform).dm(event.actor, {
        title: t.t('subPayments.dm_title', { id }),
        text: t.t('subPayments.dm_text', { name: a.name, id }),
        buttons: [{ kind: 'link', url: result.url, label: t.t('subPayments.dm_button') }],
        tone: 'warning',
      });
    } catch (err) {
      if (!(err instanceof DmClosedError)) throw err;
      s.logger.warn({ subscriptionId: id }, 'approver DMs closed; the payment page was not sent');
      await respond.reply(refusal(t.t('subPayments.dm_closed')));
      return;
    }
    await respond.reply(info(t.t('subPayments.check_dms')));
    return;
  }
  await settle(s, recordKey, attempt, { outcome: 'still_failed', detail: `still ${result.status}` });
  await respond.reply(refusal(t.t('subPayments.still_failed', { id, status: result.status })));
}
