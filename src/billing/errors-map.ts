/**
 * Turning what came back (or did not) into the core error hierarchy, with secrets scrubbed.
 */
import { passesLuhn } from '../core/shared/card-data.ts';
import { BillingHttpError, BillingRateLimitedError } from '../core/shared/errors.ts';
import { readApiError } from './envelope.ts';

/** With neither `Retry-After` nor `X-RateLimit-Reset`, wait one full fixed window (ModelsLab: 60 s). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/**
 * The longest wait a header may impose: five of ModelsLab's 60 s windows. A `Reset` or
 * `Retry-After` further ahead is nonsense (epoch ms where seconds are meant, a proxy's garbage)
 * and, taken at its word, would close the shared budget, kept in the store for every process,
 * and stop every payment check for years. If the server really wants longer, the next call gets
 * one more 429: one call per five minutes, not silence.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 5 * 60_000;

/**
 * How long a 429 asks us to wait. `Retry-After` is seconds or an HTTP date; `X-RateLimit-Reset`
 * is the Unix epoch in **seconds** when the window resets (ModelsLab's CLI reads it that way).
 */
export function rateLimitWaitMs(headers: Headers, nowMs: number): number {
  return Math.min(MAX_RATE_LIMIT_WAIT_MS, headerWaitMs(headers, nowMs));
}

function headerWaitMs(headers: Headers, nowMs: number): number {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.max(0, Math.ceil(Number(retryAfter) * 1000));
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const resetAt = resetAtMs(headers);
  if (resetAt !== undefined) return Math.max(0, resetAt - nowMs);
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}

/** `X-RateLimit-Reset` as epoch ms, when present and numeric. */
export function resetAtMs(headers: Headers): number | undefined {
  const raw = headers.get('x-ratelimit-reset')?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  return Math.round(Number(raw) * 1000);
}

/**
 * `{remaining, resetAt}` from the X-RateLimit-* headers, for metrics and the watcher; `resetAt`
 * no later than `MAX_RATE_LIMIT_WAIT_MS` after `nowMs` (Remaining 0 closes the budget until then).
 */
export function rateLimitInfo(
  headers: Headers,
  nowMs: number,
): { remaining: number; resetAt: number; limit?: number } | undefined {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = resetAtMs(headers);
  const resetAt = reset === undefined ? undefined : Math.min(reset, nowMs + MAX_RATE_LIMIT_WAIT_MS);
  if (remaining === null || resetAt === undefined || !/^\d+$/.test(remaining.trim())) return undefined;
  // X-RateLimit-Limit: what the account's window allows; the budget learns its size from it.
  const limit = headers.get('x-ratelimit-limit')?.trim();
  return { remaining: Number(remaining), resetAt, ...(limit && /^\d+$/.test(limit) ? { limit: Number(limit) } : {}) };
}

/** A Stripe client secret (Setup Intent or Payment Intent): the key to confirm it in a browser. */
const CLIENT_SECRET = /(?:seti|pi)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+/g;
/** A run of digits, single spaces or dashes allowed between them (how card numbers are written). */
const DIGIT_RUN = /(?<!\d)\d(?:[ -]?\d)*(?!\d)/g;
/** Detail fields whose value is card data or a secret whatever it looks like. */
const SECRET_FIELD = /card[_-]?number|^number$|^pan$|cvc|cvv|csc|secret|password|token/i;
const REDACTED = '[redacted]';

/**
 * Card numbers in a run of digits replaced: the whole run when it is one; else each stretch of
 * whole groups (between spaces or dashes) that is one ("order 12 4242 4242 4242 4242 99"); and
 * inside a group longer than 19 digits, any Luhn-valid 13–19 digits (a number glued to others).
 * A plain 13–19 digit number that fails Luhn is left as it is: it is not a card number.
 */
function redactCardNumbers(run: string): string {
  const groups = [...run.matchAll(/\d+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
  const hidden = new Array<boolean>(run.length).fill(false);
  const hide = (from: number, to: number) => {
    for (let k = from; k < to; k++) hidden[k] = true;
  };
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length && digits.length < 19; j++) {
      digits += groups[j]?.digits ?? '';
      if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits))
        hide(groups[i]?.start ?? 0, groups[j]?.end ?? 0);
    }
    const g = groups[i];
    if (!g || g.digits.length <= 19) continue;
    for (let from = 0; from + 13 <= g.digits.length; from++) {
      for (let len = 13; len <= 19 && from + len <= g.digits.length; len++) {
        if (passesLuhn(g.digits.slice(from, from + len))) hide(g.start + from, g.start + from + len);
      }
    }
  }
  if (!hidden.includes(true)) return run;
  return run.replace(/[\s\S]/g, (c, i: number) => (hidden[i] ? (hidden[i - 1] ? '' : REDACTED) : c));
}

/**
 * Replaces every secret (current and past tokens), any `Bearer …` value, Stripe client secrets
 * and card numbers (Luhn-valid runs of 13–19 digits) in a string; in a value, also every field
 * named like card data or a secret. The card flows must never put one in a log or error message.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    if (secret) this.#secrets.add(secret);
  }

  text(s: string): string {
    let out = s;
    for (const secret of this.#secrets) out = out.split(secret).join(REDACTED);
    return this.cardData(out.replace(/Bearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`));
  }

  /**
   * Only client secrets and card numbers replaced: for identifiers the server sent (an error code,
   * a request id) that callers match on, where a short token's text must not be cut out.
   */
  cardData(s: string): string {
    return s.replace(CLIENT_SECRET, REDACTED).replace(DIGIT_RUN, redactCardNumbers);
  }

  /** Deep copy of a JSON-ish value with every string redacted and every secret-named field hidden. */
  value(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [
          this.cardData(k),
          SECRET_FIELD.test(k) && x !== null && x !== undefined && x !== '' ? REDACTED : this.value(x),
        ]),
      );
    }
    return v;
  }
}

export function httpErrorFrom(endpoint: string, status: number, body: unknown, redact: Redactor): BillingHttpError {
  // A body that is not JSON is redacted whole first: cut to its first 200 characters, half a card
  // number would no longer look like one.
  const e = readApiError(typeof body === 'string' ? redact.text(body) : body);
  const requestId = e.requestId === undefined ? undefined : redact.cardData(e.requestId);
  return new BillingHttpError({
    status,
    apiCode: redact.cardData(e.code),
    message: redact.text(e.message),
    details: redact.value(e.details) as Record<string, unknown>,
    requestId,
    endpoint,
  });
}

export function rateLimitedFrom(endpoint: string, headers: Headers, nowMs: number): BillingRateLimitedError {
  return new BillingRateLimitedError(endpoint, rateLimitWaitMs(headers, nowMs));
}
