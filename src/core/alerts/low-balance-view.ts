/** The low-balance alert and its "recovered" edit. */
import type { Texts } from '../shared/i18n.ts';
import type { Cents } from '../shared/money.ts';
import type { Reply } from '../shared/reply.ts';

/** Enough to get back to 2× the threshold, at least $10, rounded up to whole $10. */
export function suggestedTopUpCents(balanceCents: Cents, thresholdCents: Cents): Cents {
  const need = Math.max(2 * thresholdCents - balanceCents, 1000);
  return Math.ceil(need / 1000) * 1000;
}

export function lowBalanceAlert(t: Texts, balanceCents: Cents, thresholdCents: Cents): Reply {
  const amount = suggestedTopUpCents(balanceCents, thresholdCents);
  return {
    title: t.t('alerts.low_title', { balance: t.money(balanceCents) }),
    text: t.t('alerts.low_text', { threshold: t.money(thresholdCents), amount: t.money(amount) }),
    buttons: [
      {
        kind: 'action',
        action: 'topup',
        value: String(amount),
        label: t.t('alerts.low_button', { amount: t.money(amount) }),
        style: 'primary',
      },
      // Opens a form for another amount (core/fund/topup-form.ts).
      { kind: 'action', action: 'topup_custom', value: String(amount), label: t.t('alerts.custom_button') },
    ],
    tone: 'warning',
  };
}

export function balanceRecovered(t: Texts, balanceCents: Cents, thresholdCents: Cents): Reply {
  return {
    title: t.t('alerts.recovered_title', { balance: t.money(balanceCents) }),
    text: t.t('alerts.recovered_text', { threshold: t.money(thresholdCents) }),
    tone: 'success',
  };
}
