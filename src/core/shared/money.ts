/**
 * Money is integer cents inside the bot. ModelsLab speaks dollars (numbers, sometimes strings);
 * the billing client converts at the edge. Integer cents keep 0.1 + 0.2 out of receipts.
 */

export type Cents = number;

/*
 * The fund limits, in one home. Config supplies the per-request maximum (MAX_FUND_USD) within
 * these bounds; policy checks what people type against it; the billing client keeps a last sanity
 * bound (src/billing/input-checks.ts) derived from the same two constants.
 */
export const MIN_FUND_CENTS: Cents = 1000; // ModelsLab's documented minimum top-up: $10
/** charge-amount's documented ceiling ($10,000): no MAX_FUND_USD may be above it. */
export const MAX_FUND_CEILING_CENTS: Cents = 1_000_000;
/** The largest request when MAX_FUND_USD is not set: $1,000. */
export const DEFAULT_MAX_FUND_CENTS: Cents = 100_000;

export type AmountParse =
  | { readonly ok: true; readonly cents: Cents }
  | {
      readonly ok: false;
      readonly reason: 'empty' | 'not_a_number' | 'too_many_decimals' | 'not_positive' | 'bad_grouping' | 'too_large';
    };

/*
 * Digits with an optional fraction (cents after a dot) and an optional leading "$". Thousands
 * separators are read the way the bot writes amounts (formatUsd: "$1,000.50"): a comma before
 * every group of exactly three digits. Anything else with a comma ("1,00", "10,5") could be a
 * decimal comma or a typo, so it is refused with the rule rather than guessed. No exponent, no
 * sign: "1e3" is refused.
 */
const AMOUNT = /^\$?\s*(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;
const ANY_COMMA_AMOUNT = /^\$?\s*\d[\d,]*(?:\.\d+)?$/;

/** More whole digits than this is no request anyone means; it is "too large", not "not a number". */
const MAX_WHOLE_DIGITS = 12;

/** Parse what a person typed: `50`, `50.5`, `$50`, `1,000`, `$1,000.50`. Range rules are policy's job. */
export function parseAmount(text: string): AmountParse {
  const t = text.trim();
  if (t === '') return { ok: false, reason: 'empty' };
  const m = AMOUNT.exec(t);
  if (!m) {
    if (/^-/.test(t.replace('$', '').trim())) return { ok: false, reason: 'not_positive' };
    return { ok: false, reason: ANY_COMMA_AMOUNT.test(t) ? 'bad_grouping' : 'not_a_number' };
  }
  const whole = (m[1] ?? '0').replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, reason: 'too_many_decimals' };
  if (whole.length > MAX_WHOLE_DIGITS) return { ok: false, reason: 'too_large' };
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (cents <= 0) return { ok: false, reason: 'not_positive' };
  return { ok: true, cents };
}

/** `$1,234.50` style, always two decimals. */
export function formatUsd(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** Dollars (API) to cents, rounding half away from zero at the third decimal. */
export function dollarsToCents(dollars: number): Cents {
  return Math.round(dollars * 100);
}

export function centsToDollars(cents: Cents): number {
  return Math.round(cents) / 100;
}
