/**
 * What goes on the wire: money values, API errors, the envelope and ids. Routes build `data`
 * with `usd(cents)` for every money field so one switch (money-as-strings mode) can change how
 * all of them are written, the way the real API's examples disagree.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A money field. Serialised as dollars: a number (`75.5`) or, in money-as-strings mode, `"75.50"`. */
export class Usd {
  readonly cents: number;
  constructor(cents: number) {
    this.cents = cents;
  }
}

export function usd(cents: number): Usd {
  return new Usd(cents);
}

export function usdOrNull(cents: number | null): Usd | null {
  return cents === null ? null : new Usd(cents);
}

/** An answer other than success, in the contract's error table. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * An error answer that is the outcome of a mutation, not a refusal of it: a declined card (a
 * payment attempt was made and recorded). Like Stripe, the same Idempotency-Key replays it, and
 * the state it recorded is saved.
 */
export class FinalApiError extends ApiError {}

export function validationError(field: string, message: string): ApiError {
  return new ApiError(422, 'validation_error', `${field}: ${message}`, { [field]: message });
}

export function notFound(what: string, id: string | number): ApiError {
  return new ApiError(404, 'not_found', `${what} ${id} not found`, { [what]: String(id) });
}

export interface Meta {
  request_id: string;
  idempotency_replay?: true;
}

export type Envelope =
  | { data: unknown; error: null; meta: Meta }
  | { data: null; error: { code: string; message: string; details: Record<string, unknown> }; meta: Meta };

export function successEnvelope(data: unknown, requestId: string): Envelope {
  return { data, error: null, meta: { request_id: requestId } };
}

export function errorEnvelope(err: ApiError, requestId: string): Envelope {
  return {
    data: null,
    error: { code: err.code, message: err.message, details: err.details },
    meta: { request_id: requestId },
  };
}

export function serialize(body: unknown, moneyAsStrings: boolean): string {
  return JSON.stringify(body, (_key, value: unknown) => {
    if (value instanceof Usd) return moneyAsStrings ? (value.cents / 100).toFixed(2) : value.cents / 100;
    return value;
  });
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** SHA-256 hex of a secret, so the state file can check one without holding it. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const newRequestId = (): string => `req_${randomHex(8)}`;
export const newSessionId = (): string => `cs_test_${randomAlnum(58)}`;
export const newPaymentIntentId = (): string => `pi_${randomAlnum(24)}`;
export const newToken = (): string => `mlab_${randomHex(20)}`;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Dollars from a JSON number or numeric string to integer cents. Refuses more than two decimals
 * rather than rounding: a bot that sends 10.005 has a bug worth hearing about.
 */
export function parseDollars(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw validationError(field, 'must be a number');
  const cents = Math.round(n * 100);
  if (Math.abs(cents - n * 100) > 1e-6) throw validationError(field, 'at most 2 decimal places');
  return cents;
}
