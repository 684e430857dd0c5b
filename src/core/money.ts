/**
 * Money is integer cents inside the bot. ModelsLab speaks dollars (numbers, sometimes strings);
 * the billing client converts at the edge. Integer cents keep 0.1 + 0.2 out of receipts.
 */

export type Cents = number;

export const MIN_FUND_CENTS: Cents = 1000; // ModelsLab's documented minimum top-up: $10

export type AmountParse =
  | { readonly ok: true; readonly cents: Cents }
  | { readonly ok: false; readonly reason: 'empty' | 'not_a_number' | 'too_many_decimals' | 'not_positive' };

// Digits, an optional fraction of up to 2 digits; an optional leading "$". No exponent, no sign,
// no thousands separators: "1e3" or "1,000" is refused rather than guessed.
const AMOUNT = /^\$?\s*(\d{1,9})(?:\.(\d{1,}))?$/;

/** Parse what a person typed: `50`, `50.5`, `50.00`, `$50`. Range rules are policy's job. */
export function parseAmount(text: string): AmountParse {
  const t = text.trim();
  if (t === '') return { ok: false, reason: 'empty' };
  const m = AMOUNT.exec(t);
  if (!m) return { ok: false, reason: /^-/.test(t.replace('$', '')) ? 'not_positive' : 'not_a_number' };
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, reason: 'too_many_decimals' };
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
