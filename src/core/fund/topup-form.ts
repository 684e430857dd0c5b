/**
 * "Custom amount" on the low-balance alert: a form for the amount (the suggested one prefilled),
 * then a fund request under the /ml-fund rules, as "Request top-up" opens for the suggested one.
 */
import { openRequest } from '../requests/open-request.ts';
import type { EngineForm } from '../shared/form-handler.ts';
import { errorsOrNone, showForm, textValue } from '../shared/form-handler.ts';
import type { FormSpec } from '../shared/forms.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { centsToDollars } from '../shared/money.ts';
import { checkFundAmount, type Policy } from '../shared/policy.ts';

export const AMOUNT_FIELD = 'amount';

export function topupForm(t: Texts, policy: Policy, suggestedCents?: number): FormSpec {
  return {
    name: 'topup_amount',
    title: t.t('forms.topup_title'),
    submitLabel: t.t('forms.topup_submit'),
    cancelLabel: t.t('common.cancel'),
    fields: [
      {
        id: AMOUNT_FIELD,
        kind: 'number',
        label: t.t('forms.topup_amount'),
        hint: t.t('forms.fund_amount_hint', { min: t.money(policy.minFundCents), max: t.money(policy.maxFundCents) }),
        maxLength: 20,
        ...(suggestedCents ? { initial: centsToDollars(suggestedCents).toFixed(2) } : {}),
      },
    ],
  };
}

/** The Custom amount button (value: the suggested amount in cents, prefilled). */
export const topupCustomAction: ActionHandler = async ({ s, event, respond, t }) => {
  const suggested = /^\d{1,9}$/.test(event.value.trim()) ? Number(event.value.trim()) : undefined;
  const shown = await showForm(
    s,
    respond,
    topupForm(t, s.policy, suggested),
    t.t('forms.unavailable', { command: '/ml-fund <amount> [note]' }),
  );
  if (!shown)
    await respond.reply({ text: t.t('forms.unavailable', { command: '/ml-fund <amount> [note]' }), ephemeral: true });
};

export const topupFormHandler: EngineForm = {
  check({ s, event, t }) {
    const verdict = checkFundAmount(textValue(event.values, AMOUNT_FIELD), s.policy);
    return errorsOrNone({ [AMOUNT_FIELD]: verdict.ok ? undefined : verdict.rule(t) });
  },
  async submit({ s, event, respond, t }) {
    const verdict = checkFundAmount(textValue(event.values, AMOUNT_FIELD), s.policy);
    if (!verdict.ok) {
      await respond.reply({ text: verdict.rule(t), tone: 'warning', ephemeral: true });
      return;
    }
    await openRequest(s, event, respond, { purpose: 'fund', amountCents: verdict.cents, note: t.t('fund.topup_note') });
  },
};
