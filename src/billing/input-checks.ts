/**
 * Checks made before anything is sent. A request ModelsLab would refuse (or worse, accept with a
 * surprising amount) never leaves the process; the error names the rule that was broken.
 */
import { BillingInvalidInputError } from '../core/shared/errors.ts';
import { centsToDollars, MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../core/shared/money.ts';

/*
 * A sanity bound, not the rule: core/money.ts owns the fund limits (config's MAX_FUND_USD sits
 * inside them, and policy refuses people's amounts before any call). These are the same constants
 * in dollars, so nothing the bot would accept is refused here, and nothing larger is ever sent.
 */
export const MIN_FUND_USD = centsToDollars(MIN_FUND_CENTS); // ModelsLab's documented minimum top-up
export const MAX_FUND_USD = centsToDollars(MAX_FUND_CEILING_CENTS); // charge-amount's documented ceiling; the payment-link maximum is unknown

function hasAtMostTwoDecimals(dollars: number): boolean {
  const cents = dollars * 100;
  // Floating point: 19.99 * 100 is 1998.9999999999998, which is still "two decimals".
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

export function checkDollars(field: string, dollars: number, min: number, max: number): void {
  if (typeof dollars !== 'number' || !Number.isFinite(dollars)) {
    throw new BillingInvalidInputError(field, `${field} must be a number of dollars`);
  }
  if (!hasAtMostTwoDecimals(dollars)) {
    throw new BillingInvalidInputError(field, `${field} must have at most 2 decimals (got ${dollars})`);
  }
  if (dollars < min) throw new BillingInvalidInputError(field, `${field} must be at least $${min} (got ${dollars})`);
  if (dollars > max) throw new BillingInvalidInputError(field, `${field} must be at most $${max} (got ${dollars})`);
}

/** Wallet top-ups (payment link, fund): $10 to $10,000, cents precision. */
export function checkFundAmount(field: string, dollars: number): void {
  checkDollars(field, dollars, MIN_FUND_USD, MAX_FUND_USD);
}

export function checkPositiveInt(field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new BillingInvalidInputError(field, `${field} must be a positive integer (got ${String(value)})`);
  }
}

export function checkIntRange(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new BillingInvalidInputError(
      field,
      `${field} must be an integer from ${min} to ${max} (got ${String(value)})`,
    );
  }
}

export function checkNonEmpty(field: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BillingInvalidInputError(field, `${field} must be a non-empty string`);
  }
}
