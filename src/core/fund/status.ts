/**
 * `/ml status`: the open (and recently failed) requests on this platform with the buttons the
 * viewer may use on them, so a request whose card is gone can still be handled; and the
 * account's subscriptions (status and period end), with Pause / Resume / Change plan for approvers.
 */

import type { PaymentRequest } from '../requests/request.ts';
import { isBotError } from '../shared/errors.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { Plan, Subscription } from '../shared/ports.ts';
import type { Button } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import { manageButtons, subscriptionLine } from '../subscriptions/index.ts';
import { requestButtons, requestRow } from './request-list.ts';

/** Subscriptions are a second section: if ModelsLab does not answer, the requests still show. */
async function subscriptionsOrNone(
  s: EngineServices,
): Promise<{ subs: readonly Subscription[]; plans: readonly Plan[] } | undefined> {
  try {
    const [subs, plans] = await Promise.all([s.billing.listSubscriptions(), s.billing.listPlans()]);
    return { subs, plans };
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err }, 'listing subscriptions failed');
    return undefined;
  }
}

/** Failed requests stay listed this long, with Try again for who may use it. */
const FAILED_SHOWN_MS = 7 * 24 * 60 * 60 * 1000;
const ROWS_SHOWN = 20;
// Discord allows 25 buttons per message (5 rows of 5): requests come first, up to 15, and the
// subscriptions' Pause / Resume / Change plan take what is left.
const MAX_BUTTONS = 25;
const MAX_REQUEST_BUTTONS = 15;

export const statusCommand: CommandSpec = {
  name: 'status',
  usage: '/ml status',
  example: '/ml status',
  summary:
    'Open and recently failed requests with the buttons you may use (Approve, Deny, Cancel, Try again), and subscriptions (approvers: Pause, Resume, Change plan).',
  async run({ s, event, respond, t }) {
    const now = s.clock.now();
    const mine = (r: PaymentRequest) => r.platform === event.platform;
    const open = (await s.requests.listOpen()).filter(mine);
    open.sort((a, b) => a.createdAt - b.createdAt);
    const failed = (await s.requests.listSince(now - FAILED_SHOWN_MS)).filter((r) => mine(r) && r.state === 'failed');
    failed.sort((a, b) => a.createdAt - b.createdAt);
    const shownOpen = open.slice(0, ROWS_SHOWN);
    const shownFailed = failed.slice(-ROWS_SHOWN);
    const more = open.length > ROWS_SHOWN ? [t.t('fund.status_more', { count: open.length - ROWS_SHOWN })] : [];
    const requestButtonList = [...shownOpen, ...shownFailed]
      .flatMap((r) => requestButtons(t, r, event.actor, s.policy))
      .slice(0, MAX_REQUEST_BUTTONS);
    const loaded = await subscriptionsOrNone(s);
    const subs = loaded?.subs ?? [];
    const subLines = loaded
      ? subs.length
        ? subs.map((x) => subscriptionLine(t, x, loaded.plans))
        : [t.t('fund.status_no_subs')]
      : [t.t('fund.status_subs_down')];
    const subButtons: Button[] =
      event.actor.isApprover && loaded ? subs.slice(0, 10).flatMap((x) => manageButtons(t, x, loaded.plans)) : [];
    await respond.reply({
      title: t.t('fund.status_title', { count: open.length }),
      text: open.length
        ? [...shownOpen.map((r) => requestRow(t, r, now)), ...more].join('\n')
        : t.t('fund.status_none'),
      fields: [
        ...(shownFailed.length
          ? [{ label: t.t('fund.status_failed'), value: shownFailed.map((r) => requestRow(t, r, now)).join('\n') }]
          : []),
        { label: t.t('fund.status_subscriptions'), value: subLines.join('\n') },
      ],
      buttons: [...requestButtonList, ...subButtons].slice(0, MAX_BUTTONS),
      ephemeral: true,
      tone: 'info',
    });
  },
};
