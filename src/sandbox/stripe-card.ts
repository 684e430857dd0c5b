/**
 * What a card number tells the Stripe.js stand-in: whether it is a card at all (Luhn, expiry,
 * CVC) and, for the test numbers, how it behaves once saved. Only brand, last four and behaviour
 * leave this file; the number and CVC are checked and dropped.
 */
import { passesLuhn } from '../core/shared/card-data.ts';
import type { CardBehaviour } from './model.ts';

/** Stripe's test numbers and what they do; any other valid number succeeds. */
const TEST_NUMBERS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': 'succeeds',
  '5555555555554444': 'succeeds',
  '4000000000009995': 'declines',
  '4000002760003184': 'requires_action',
  '4000000000000259': 'pending',
};

/** Declined when it is set up (Stripe's generic decline test card). */
export const DECLINED_AT_SETUP = '4000000000000002';

/** A card number: 13–19 digits that pass Luhn. */
function isCardNumber(digits: string): boolean {
  return /^\d{13,19}$/.test(digits) && passesLuhn(digits);
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'unknown';
}

export interface CheckedCard {
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly behaviour: CardBehaviour;
}

/** Stripe's words for what is wrong with the card, or the card's safe facts. */
export type CardCheck =
  | { readonly ok: true; readonly card: CheckedCard }
  | { readonly ok: false; readonly status: 400 | 402; readonly code: string; readonly message: string };

function int(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

export function checkCard(
  input: { number: unknown; exp_month: unknown; exp_year: unknown; cvc: unknown },
  now: number,
): CardCheck {
  const digits = typeof input.number === 'string' ? input.number.replace(/[\s-]/g, '') : '';
  if (!isCardNumber(digits))
    return { ok: false, status: 400, code: 'incorrect_number', message: 'Your card number is incorrect.' };
  const month = int(input.exp_month);
  let year = int(input.exp_year);
  if (year !== undefined && year < 100) year += 2000;
  const today = new Date(now);
  const past =
    year !== undefined &&
    month !== undefined &&
    (year < today.getUTCFullYear() || (year === today.getUTCFullYear() && month < today.getUTCMonth() + 1));
  if (month === undefined || month < 1 || month > 12 || year === undefined || past) {
    return {
      ok: false,
      status: 400,
      code: 'invalid_expiry',
      message: "Your card's expiration date is invalid or in the past.",
    };
  }
  if (typeof input.cvc !== 'string' || !/^\d{3,4}$/.test(input.cvc.trim())) {
    return { ok: false, status: 400, code: 'invalid_cvc', message: "Your card's security code is invalid." };
  }
  if (digits === DECLINED_AT_SETUP)
    return { ok: false, status: 402, code: 'card_declined', message: 'Your card was declined.' };
  return {
    ok: true,
    card: {
      brand: brandOf(digits),
      last4: digits.slice(-4),
      expMonth: month,
      expYear: year,
      behaviour: TEST_NUMBERS[digits] ?? 'succeeds',
    },
  };
}
