/**
 * `/ml autorecharge [off | <amount> [when below] <threshold>]`: view, set or turn off ModelsLab's
 * auto-funding. Anyone may view it (`/ml-balance` shows it too); only approvers change it, and
 * ModelsLab's minimums are checked before anything is sent.
 */

import { userRef } from '../requests/queries.ts';
import { callBilling } from '../shared/billing-call.ts';
import type { CommandSpec } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { type Cents, formatUsd, parseAmount } from '../shared/money.ts';
import { info, refusal } from '../shared/notices.ts';
import { mentionUser } from '../shared/reply.ts';
import { autoRechargeLine } from './ledger-view.ts';

/** ModelsLab's documented minimums for PUT /wallet/auto-funding. */
export const MIN_AUTO_AMOUNT_CENTS: Cents = 500;
export const MIN_AUTO_THRESHOLD_CENTS: Cents = 100;

function minimumsRule(t: Texts): string {
  return t.t('wallet.auto_rule', {
    amount: t.money(MIN_AUTO_AMOUNT_CENTS),
    threshold: t.money(MIN_AUTO_THRESHOLD_CENTS),
  });
}

type Parsed =
  | { readonly kind: 'view' }
  | { readonly kind: 'off' }
  | { readonly kind: 'set'; readonly amountCents: Cents; readonly thresholdCents: Cents }
  | { readonly kind: 'bad'; readonly rule: string };

export function parseAutoRecharge(t: Texts, text: string, maxCents: Cents): Parsed {
  const said = text.trim().toLowerCase();
  if (said === '') return { kind: 'view' };
  if (said === 'off') return { kind: 'off' };
  const m = /^(\$?\s*\S+)\s+(?:when\s+below\s+)?(\$?\s*\S+)$/.exec(said);
  if (!m) return { kind: 'bad', rule: t.t('wallet.auto_say') };
  const amount = parseAmount(m[1] ?? '');
  const threshold = parseAmount(m[2] ?? '');
  if (!amount.ok || !threshold.ok) return { kind: 'bad', rule: t.t('wallet.auto_amounts', { rule: minimumsRule(t) }) };
  if (amount.cents < MIN_AUTO_AMOUNT_CENTS || threshold.cents < MIN_AUTO_THRESHOLD_CENTS)
    return { kind: 'bad', rule: minimumsRule(t) };
  if (amount.cents > maxCents) return { kind: 'bad', rule: t.t('wallet.auto_max', { max: t.money(maxCents) }) };
  return { kind: 'set', amountCents: amount.cents, thresholdCents: threshold.cents };
}

export const autoRechargeCommand: CommandSpec = {
  name: 'autorecharge',
  usage: '/ml autorecharge [off | <amount> when below <threshold>]',
  example: '/ml autorecharge 50 when below 10',
  summary: `View auto-recharge; approvers set it (at least ${formatUsd(MIN_AUTO_AMOUNT_CENTS)}, threshold at least ${formatUsd(MIN_AUTO_THRESHOLD_CENTS)}) or turn it off.`,
  audience: 'approvers',
  async run({ s, event, args, respond, t }) {
    const parsed = parseAutoRecharge(t, args, s.policy.maxFundCents);
    if (parsed.kind === 'bad') {
      await respond.reply(refusal(parsed.rule, autoRechargeCommand, event.platform, t));
      return;
    }
    if (parsed.kind === 'view') {
      const auto = await callBilling(s, respond, 'read the auto-recharge setting', () => s.billing.getAutoFunding());
      if (auto) await respond.reply(info(t.t('wallet.auto_is', { state: autoRechargeLine(auto, t) })));
      return;
    }
    if (!event.actor.isApprover) {
      await respond.reply(refusal(t.t('wallet.auto_only_approvers')));
      return;
    }
    const key = `autorecharge-${parsed.kind === 'off' ? 'off' : `set-${parsed.amountCents}-${parsed.thresholdCents}`}-${event.eventId}`;
    const after = await callBilling(
      s,
      respond,
      'change auto-recharge',
      () =>
        parsed.kind === 'off'
          ? s.billing.disableAutoFunding(key)
          : s.billing.setAutoFunding(parsed.amountCents, parsed.thresholdCents, key),
      'change',
    );
    if (!after) return;
    const actor = userRef(event.actor);
    await s.audit.append({
      at: s.clock.now(),
      requestId: 'auto-recharge',
      purpose: 'auto_recharge',
      from: null,
      to: 'done',
      actor,
      ...(after.amountCents !== undefined ? { amountCents: after.amountCents } : {}),
      detail: `auto-recharge ${autoRechargeLine(after)}`,
    });
    // A channel post: the workspace's language.
    const posted = s.texts(s.locale());
    const line = posted.t('wallet.auto_set_post', {
      who: mentionUser(actor.id),
      state: autoRechargeLine(after, posted),
    });
    await s.outbox.messenger(event.platform).post(event.conversation, { text: line, tone: 'info' });
    await respond.reply(info(t.t('wallet.auto_now', { state: autoRechargeLine(after, t) })));
  },
};
