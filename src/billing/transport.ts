/**
 * One ky instance, the envelope, the error mapping and the retry rules. Every endpoint method goes
 * through `BillingTransport.call`, so these rules hold everywhere:
 * - GETs retry on 5xx, network errors and timeouts (backoff with jitter).
 * - POST/PUT/DELETE retry only when they carry an Idempotency-Key; without one they are sent once.
 * - 429 is never retried here: the caller gets BillingRateLimitedError with the wait and schedules.
 * - A retry of a billing-limited call (billing-limiter.ts) is one more call in ModelsLab's window,
 *   so it takes its own token from the budget right before it is sent, leaving one for a first
 *   attempt; with no token at once it is not sent and the call fails with the last answer (the
 *   callers reschedule). The first attempt's
 *   token is taken by the caller, which knows the call's priority: the watcher's scheduler for
 *   confirm-checkout, BudgetedBilling for the engine's calls.
 * - The bearer token reaches the wire and nothing else (logs, error messages, causes).
 */
import ky, { HTTPError, isHTTPError, isNetworkError, isTimeoutError, type KyInstance, type RetryOptions } from 'ky';
import type { z } from 'zod';
import { BillingSchemaError, BillingUnavailableError, BotError } from '../core/shared/errors.ts';
import { type Clock, type Logger, type RateBudget, silentLogger, systemClock } from '../core/shared/ports.ts';
import { isBillingLimited } from './billing-limiter.ts';
import { unwrapData } from './envelope.ts';
import { httpErrorFrom, Redactor, rateLimitedFrom, rateLimitInfo } from './errors-map.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface CallInfo {
  /** Route template, e.g. `/billing/invoices/{id}` (low cardinality for metrics). */
  readonly endpoint: string;
  readonly method: string;
  readonly status: number | 'network';
  readonly durationMs: number;
  /** From X-RateLimit-Remaining / -Reset / -Limit; `resetAt` converted to epoch **ms**. */
  readonly rateLimit?: { readonly remaining: number; readonly resetAt: number; readonly limit?: number };
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly limit: number;
  /** First retry waits about this long; each next one doubles (with jitter, capped at 5 s). */
  readonly baseDelayMs: number;
}

export interface TransportOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly fetch?: typeof globalThis.fetch;
  /** Per attempt. Default 10 000. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly logger?: Logger;
  /** Every attempt, including retries and network failures. */
  readonly onCall?: (info: CallInfo) => void;
  /** For Retry-After dates and X-RateLimit-Reset; default the system clock. */
  readonly clock?: Clock;
  /**
   * The shared billing budget retries of billing-limited calls take from (read at each retry, so
   * it may be wired after the client is built). Without one, such calls are sent once, never
   * retried: an unbudgeted retry is exactly how one token used to buy three calls.
   */
  readonly budget?: () => RateBudget | undefined;
}

export interface CallSpec<S extends z.ZodType> {
  readonly method: HttpMethod;
  /** Route template; `{name}` segments are filled from `params` (URI-encoded). */
  readonly route: string;
  readonly params?: Record<string, string | number>;
  readonly query?: Record<string, string | number | undefined>;
  readonly json?: unknown;
  readonly idempotencyKey?: string | undefined;
  /** Default true; login is the one call without a token. */
  readonly auth?: boolean;
  /**
   * Error answers that are an expected reply, not a failure (confirm-checkout's 409
   * `checkout_not_completed`: not paid yet). Still thrown; logged at debug with `message`.
   */
  readonly expectedErrors?: { readonly codes: readonly string[]; readonly message: string };
  readonly schema: S;
}

const BACKOFF_CAP_MS = 5_000;

export class BillingTransport {
  readonly #baseUrl: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #logger: Logger;
  readonly #onCall: ((info: CallInfo) => void) | undefined;
  readonly #clock: Clock;
  readonly #budget: () => RateBudget | undefined;
  readonly #redact = new Redactor();
  readonly #ky: KyInstance;
  #token: string;

  constructor(options: TransportOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retry = { limit: options.retry?.limit ?? 2, baseDelayMs: options.retry?.baseDelayMs ?? 300 };
    this.#logger = (options.logger ?? silentLogger).child({ component: 'modelslab' });
    this.#onCall = options.onCall;
    this.#clock = options.clock ?? systemClock;
    this.#budget = options.budget ?? (() => undefined);
    this.#token = options.token;
    this.#redact.add(options.token);
    this.#ky = ky.create({ timeout: this.#timeoutMs, throwHttpErrors: (status) => status >= 500 });
  }

  setToken(token: string): void {
    this.#token = token;
    this.#redact.add(token);
  }

  async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>> {
    const endpoint = `${spec.method} ${spec.route}`;
    const body = await this.#send(spec, endpoint);
    const parsed = spec.schema.safeParse(unwrapData(body));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      const redacted = issues.map((i) => this.#redact.text(i));
      this.#logger.warn({ endpoint, issues: redacted }, 'modelslab response did not validate');
      throw new BillingSchemaError(endpoint, redacted);
    }
    return parsed.data;
  }

  /** Sends with retries; returns the parsed JSON of a 2xx, throws Billing*Error otherwise. */
  async #send(spec: CallSpec<z.ZodType>, endpoint: string): Promise<unknown> {
    const limited = isBillingLimited(spec.method, spec.route);
    const retriable = spec.method === 'GET' || (spec.idempotencyKey !== undefined && (!limited || !!this.#budget()));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.auth !== false) headers.authorization = `Bearer ${this.#token}`;
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    const url = this.#baseUrl + fillRoute(spec.route, spec.params);

    let response: Response;
    try {
      response = await this.#ky(url, {
        method: spec.method,
        headers,
        ...(spec.json === undefined ? {} : { json: spec.json }),
        ...(spec.query ? { searchParams: spec.query } : {}),
        retry: retriable ? this.#retryOptions() : { limit: 0 },
        fetch: this.#instrumented(spec.route, spec.method),
        hooks: {
          beforeRetry: [
            async ({ error, retryCount }) => {
              const reason = this.#reason(error);
              if (limited && !(await this.#tokenForRetry())) {
                this.#logger.warn({ endpoint, retryCount, reason }, 'modelslab retry not sent: billing budget used up');
                // The original error: the call ends as if this had been its last attempt.
                throw error;
              }
              this.#logger.warn({ endpoint, retryCount, reason }, 'retrying modelslab call');
            },
          ],
        },
      });
    } catch (err) {
      throw this.#unavailable(endpoint, err);
    }

    const text = await this.#readText(response, endpoint);
    if (response.status === 429) {
      const e = rateLimitedFrom(endpoint, response.headers, this.#clock.now());
      this.#logger.warn({ endpoint, retryAfterMs: e.retryAfterMs }, 'modelslab rate limited');
      throw e;
    }
    const json = parseJson(text);
    if (response.ok) {
      // Decision: a 2xx whose body is not JSON is a schema failure, not an outage. The server did
      // answer (a mutation may have been applied), so retrying blindly is not ours to decide.
      if (!json.ok) throw new BillingSchemaError(endpoint, ['response body is not valid JSON']);
      return json.value;
    }
    const e = httpErrorFrom(endpoint, response.status, json.ok ? json.value : text, this.#redact);
    if (spec.expectedErrors?.codes.includes(e.apiCode)) {
      this.#logger.debug({ endpoint, status: e.status, apiCode: e.apiCode }, spec.expectedErrors.message);
      throw e;
    }
    this.#logger.info(
      { endpoint, status: e.status, apiCode: e.apiCode, requestId: e.requestId },
      'modelslab answered with an error',
    );
    throw e;
  }

  /**
   * A token for one more attempt, now or never: a store that fails counts as "no". A retry leaves
   * one call for someone's first attempt (an Approve beside a flaky ModelsLab is not starved by
   * the watcher's retries).
   */
  async #tokenForRetry(): Promise<boolean> {
    const budget = this.#budget();
    if (!budget) return false;
    try {
      return (await budget.tryTake(this.#clock.now(), { keep: 1 })).granted;
    } catch (err) {
      this.#logger.warn({ reason: this.#reason(err) }, 'billing budget unavailable; retry not sent');
      return false;
    }
  }

  #retryOptions(): RetryOptions {
    const { limit, baseDelayMs } = this.#retry;
    return {
      limit,
      methods: ['get', 'post', 'put', 'delete'],
      statusCodes: [500, 502, 503, 504],
      // Not even for 503: without Retry-After ky falls back to X-RateLimit-Reset, which ModelsLab
      // sends on every answer, and would sleep until the rate window ends. Our own backoff instead.
      afterStatusCodes: [],
      delay: (attempt) => baseDelayMs * 2 ** (attempt - 1),
      backoffLimit: BACKOFF_CAP_MS,
      // "Equal jitter": half fixed, half random, so clients that failed together spread out.
      jitter: (delay) => delay / 2 + (Math.random() * delay) / 2,
      retryOnTimeout: true,
    };
  }

  /** A fetch that reports every attempt (onCall, debug log) without ever seeing a header value. */
  #instrumented(route: string, method: HttpMethod): typeof globalThis.fetch {
    return async (input, init) => {
      const started = performance.now();
      try {
        const res = await this.#fetch(input, init);
        const rateLimit = rateLimitInfo(res.headers, this.#clock.now());
        this.#report({
          endpoint: route,
          method,
          status: res.status,
          durationMs: performance.now() - started,
          ...(rateLimit ? { rateLimit } : {}),
        });
        return res;
      } catch (err) {
        this.#report({ endpoint: route, method, status: 'network', durationMs: performance.now() - started });
        throw err;
      }
    };
  }

  #report(info: CallInfo): void {
    this.#logger.debug(
      { endpoint: info.endpoint, method: info.method, status: info.status, durationMs: Math.round(info.durationMs) },
      'modelslab call',
    );
    try {
      this.#onCall?.(info);
    } catch (err) {
      this.#logger.warn({ reason: this.#reason(err) }, 'onCall listener threw');
    }
  }

  async #readText(response: Response, endpoint: string): Promise<string> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`body not received within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([response.text(), timeout]);
    } catch (err) {
      void response.body?.cancel().catch(() => {});
      throw this.#unavailable(endpoint, err);
    } finally {
      clearTimeout(timer);
    }
  }

  #unavailable(endpoint: string, err: unknown): BotError {
    if (err instanceof BotError) return err;
    const reason = this.#reason(err);
    this.#logger.warn({ endpoint, reason }, 'modelslab unavailable');
    // The cause is rebuilt from the message only: ky's errors carry the Request and options, and
    // with them the Authorization header, which a logger's error serializer would happily print.
    return new BillingUnavailableError(endpoint, reason, { cause: new Error(reason) });
  }

  #reason(err: unknown): string {
    if (isHTTPError(err) || err instanceof HTTPError) return `answered ${err.response.status}`;
    if (isTimeoutError(err)) return `timed out after ${this.#timeoutMs} ms`;
    if (isNetworkError(err)) return this.#redact.text(`network error: ${rootMessage(err)}`);
    return this.#redact.text(rootMessage(err));
  }
}

function fillRoute(route: string, params: Record<string, string | number> | undefined): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`route ${route} needs {${name}}`);
    return encodeURIComponent(String(v));
  });
}

/** An empty body reads as `null` (204 and friends); the schema decides whether that is enough. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function rootMessage(err: unknown): string {
  let e: unknown = err;
  const parts: string[] = [];
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    parts.push(e.message);
    e = e.cause;
  }
  if (parts.length === 0) return String(err);
  return parts.join(': ');
}
