/**
 * `sub_confirm`: performs a confirmed Pause / Resume / Change plan. The idempotency key comes from
 * the confirm message (or the event), so a retried delivery replays instead of acting twice; a
 * second click finds the subscription already changed and says so.
 */

import { userRef } from '../requests/queries.ts';
import { callBilling, replaceOrReply } from '../shared/billing-call.ts';
import type { ActionHandler } from '../shared/handler.ts';
import { info } from '../shared/notices.ts';
import { subName, subRef, subShort } from '../shared/plan-names.ts';
import { loadTarget, pointless } from './subscription-ops.ts';
import { outcomeLine, subValue } from './subscriptions-view.ts';

export const subConfirmAction: ActionHandler = async ({ s, event, respond, t }) => {
  const target = await loadTarget(s, t, event.actor, event.value, respond);
  if (!target) return;
  const { command, sub, plans } = target;
  const why = pointless(t, target);
  if (why) {
    await respond.reply(info(why));
    return;
  }
  const key = `sub-${subValue(command).replaceAll(':', '-')}-${event.message?.messageId ?? event.eventId}`;
  // The outcome is posted in the channel (the workspace's language); the audit detail stays English.
  const posted = s.texts(s.locale());
  const before = subRef(sub, plans, posted);
  const after = await callBilling(
    s,
    respond,
    `${command.op} the subscription`,
    () =>
      command.op === 'pause'
        ? s.billing.pauseSubscription(sub.id, key)
        : command.op === 'resume'
          ? s.billing.resumeSubscription(sub.id, key)
          : s.billing.changeSubscriptionPlan(sub.id, command.planId ?? 0, key),
    'change',
  );
  if (!after) return;
  const actor = userRef(event.actor);
  const line = outcomeLine(posted, command, actor, before, after, plans);
  await s.audit.append({
    at: s.clock.now(),
    requestId: `sub-${sub.id}`,
    purpose: 'subscription',
    from: null,
    to: 'done',
    actor,
    ...(command.planId !== undefined ? { planId: command.planId } : {}),
    detail: `${command.op} ${subRef(sub, plans)}${command.op === 'change' ? ` -> ${subName(after, plans)}` : ''}`,
  });
  await s.outbox.messenger(event.platform).post(event.conversation, { text: line, tone: 'info' });
  await replaceOrReply(respond)(info(t.t('subscriptions.done', { op: command.op, sub: subShort(sub, plans, t) })));
};
