/**
 * One error hierarchy with stable codes. Expected outcomes (declined, expired, not allowed,
 * below minimum) are values the engine turns into replies; these classes are for failures.
 * The billing client (src/billing) throws the Billing* errors; they live in core so the engine
 * can tell them apart without importing an HTTP library.
 */

export type ErrorCode =
  | 'billing_http'
  | 'billing_unavailable'
  | 'billing_rate_limited'
  | 'billing_budget_wait'
  | 'billing_schema'
  | 'billing_invalid_input'
  | 'dm_closed'
  | 'messenger_failed'
  | 'config_invalid'
  | 'store_unavailable'
  | 'not_found'
  | 'conflict';

export class BotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A setting the operator has to fix: a malformed variable (src/config.ts), a STORE_URL the store
 * cannot open (src/store/store-url.ts), a token the platform refuses at start-up (the Slack
 * adapter). The one config error type: main.ts prints its message (one line per problem, each
 * naming the variable and the fix) and exits 2, without a stack trace.
 */
export class ConfigError extends BotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
  }
}

/** ModelsLab answered with a non-2xx status and (usually) its error envelope. */
export class BillingHttpError extends BotError {
  readonly status: number;
  /** `error.code` from the envelope, e.g. `checkout_not_completed`; `unknown` when absent. */
  readonly apiCode: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly requestId: string | undefined;
  readonly endpoint: string;
  /** The API's own sentence (`error.message`, redacted by the transport): reads better in chat. */
  readonly apiMessage: string;
  constructor(init: {
    status: number;
    apiCode: string;
    message: string;
    details?: Record<string, unknown>;
    requestId?: string | undefined;
    endpoint: string;
  }) {
    super('billing_http', `${init.endpoint} failed with ${init.status} ${init.apiCode}: ${init.message}`);
    this.status = init.status;
    this.apiCode = init.apiCode;
    this.details = init.details ?? {};
    this.requestId = init.requestId;
    this.endpoint = init.endpoint;
    this.apiMessage = init.message;
  }
}

/** Network error, timeout, or 5xx after retries: ModelsLab could not be reached. */
export class BillingUnavailableError extends BotError {
  readonly endpoint: string;
  constructor(endpoint: string, message: string, options?: { cause?: unknown }) {
    super('billing_unavailable', `${endpoint}: ${message}`, options);
    this.endpoint = endpoint;
  }
}

/** 429: wait `retryAfterMs` before the next billing call. */
export class BillingRateLimitedError extends BotError {
  readonly retryAfterMs: number;
  readonly endpoint: string;
  constructor(
    endpoint: string,
    retryAfterMs: number,
    code: 'billing_rate_limited' | 'billing_budget_wait' = 'billing_rate_limited',
    message = `${endpoint}: rate limited, retry after ${retryAfterMs} ms`,
  ) {
    super(code, message);
    this.retryAfterMs = retryAfterMs;
    this.endpoint = endpoint;
  }
}

/**
 * Not ModelsLab's 429: the bot's own budget of billing calls (shared by every process and by the
 * watcher's checks) has no call free for `retryAfterMs`, so nothing was sent. A rate limit all the
 * same for whoever retries; people are told it is the bot pacing itself, with the wait.
 */
export class BillingBudgetWaitError extends BillingRateLimitedError {
  /** The budget's size, for the people-facing text. */
  readonly perMinute: number | undefined;
  constructor(endpoint: string, retryAfterMs: number, perMinute?: number) {
    super(
      endpoint,
      retryAfterMs,
      'billing_budget_wait',
      `${endpoint}: the bot's billing budget is used up, next call free in ${retryAfterMs} ms (not sent)`,
    );
    this.perMinute = perMinute;
  }
}

/**
 * The call succeeded but the body did not match what the bot relies on. Like ky's
 * SchemaValidationError it is not a transport failure: retrying will not help.
 */
export class BillingSchemaError extends BotError {
  readonly endpoint: string;
  readonly issues: readonly string[];
  constructor(endpoint: string, issues: readonly string[]) {
    super('billing_schema', `${endpoint}: unexpected response (${issues.join('; ')})`);
    this.endpoint = endpoint;
    this.issues = issues;
  }
}

/** Rejected before sending (amount below $10, more than 2 decimals, non-integer plan id …). */
export class BillingInvalidInputError extends BotError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('billing_invalid_input', message);
    this.field = field;
  }
}

/** The user's DMs are closed (Discord 50007, Slack cannot_dm_bot …). */
export class DmClosedError extends BotError {
  constructor(message = 'direct messages to this user are closed', options?: { cause?: unknown }) {
    super('dm_closed', message, options);
  }
}

/** A platform post/update failed for good (after the platform library's own retries). */
export class MessengerError extends BotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('messenger_failed', message, options);
  }
}

/**
 * The bot cannot post in that channel at all (not invited, private, archived, gone): asking again
 * will not help until a person changes something. A plain MessengerError is everything else
 * (timeouts, 5xx, rate limits): the platform did not take the message this time.
 */
export class ChannelClosedError extends MessengerError {}

/**
 * ModelsLab down, busy or timing out: asking again later (with the same idempotency key) may
 * work. Anything else from ModelsLab is an answer, not an outage.
 */
export function isBillingOutage(e: unknown): boolean {
  if (e instanceof BillingUnavailableError || e instanceof BillingRateLimitedError) return true;
  return e instanceof BillingHttpError && (e.status >= 500 || e.status === 429 || e.status === 408);
}

export function isBotError(e: unknown): e is BotError {
  return e instanceof BotError;
}
