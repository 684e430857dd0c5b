/** The low-balance alert and its "recovered" edit. */
import { type Cents, formatUsd } from '../shared/money.ts';
import type { Reply } from '../shared/reply.ts';

/** Enough to get back to 2× the threshold, at least $10, rounded up to whole $10. */
export function suggestedTopUpCents(balanceCents: Cents, thresholdCents: Cents): Cents {
  const need = Math.max(2 * thresholdCents - balanceCents, 1000);
  return Math.ceil(need / 1000) * 1000;
}

export function lowBalanceAlert(balanceCents: Cents, thresholdCents: Cents): Reply {
  const amount = suggestedTopUpCents(balanceCents, thresholdCents);
  return {
    title: `Low balance: ${formatUsd(balanceCents)}`,
    text: `The ModelsLab wallet is below ${formatUsd(thresholdCents)}. Request a top-up of ${formatUsd(amount)}? It goes through the usual approval.`,
    buttons: [
      {
        kind: 'action',
        action: 'topup',
        value: String(amount),
        label: `Request top-up (${formatUsd(amount)})`,
        style: 'primary',
      },
      // Opens a form for another amount (core/fund/topup-form.ts).
      { kind: 'action', action: 'topup_custom', value: String(amount), label: 'Custom amount' },
    ],
    tone: 'warning',
  };
}

export function balanceRecovered(balanceCents: Cents, thresholdCents: Cents): Reply {
  return {
    title: `Balance recovered: ${formatUsd(balanceCents)}`,
    text: `The ModelsLab wallet is back above ${formatUsd(thresholdCents)}.`,
    tone: 'success',
  };
}
