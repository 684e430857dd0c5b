/**
 * Turning what came back (or did not) into the core error hierarchy, with secrets scrubbed.
 */
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

/** Replaces every secret (current and past tokens) and any `Bearer …` value in a string. */
export class Redactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    if (secret) this.#secrets.add(secret);
  }

  text(s: string): string {
    let out = s;
    for (const secret of this.#secrets) out = out.split(secret).join('[redacted]');
    return out.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer [redacted]');
  }

  /** Deep copy of a JSON-ish value with every string redacted. */
  value(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.value(x)]));
    }
    return v;
  }
}

export function httpErrorFrom(endpoint: string, status: number, body: unknown, redact: Redactor): BillingHttpError {
  const e = readApiError(body);
  return new BillingHttpError({
    status,
    apiCode: e.code,
    message: redact.text(e.message),
    details: redact.value(e.details) as Record<string, unknown>,
    requestId: e.requestId,
    endpoint,
  });
}

export function rateLimitedFrom(endpoint: string, headers: Headers, nowMs: number): BillingRateLimitedError {
  return new BillingRateLimitedError(endpoint, rateLimitWaitMs(headers, nowMs));
}
