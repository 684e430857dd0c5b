/**
 * The process logger: pino writing JSON lines (one object per line, for log shippers), or
 * pino-pretty in a terminal. Secrets never reach the output, whatever the caller logs.
 *
 * Redacted keys (censored as "[redacted]"), at the top level and up to three objects deep
 * (`key`, `*.key`, `*.*.key`, `*.*.*.key`), plus inside request attempts (`*.attempts[*].key`):
 *   tokens:          token, accessToken, botToken, appToken, modelslabToken, slackBotToken,
 *                    slackAppToken, discordToken
 *   signing secrets: signingSecret, signing_secret, slackSigningSecret, clientSecret, secret, password
 *   auth headers:    authorization, Authorization, cookie, x-slack-signature (as object keys, e.g.
 *                    `req.headers.authorization`)
 *   payment URLs:    paymentUrl, payment_url, checkoutUrl, checkout_url, response_url, responseUrl
 * Payment URLs are redacted at every level, not only at info: the link belongs in the payer's DM
 * alone (see DESIGN.md), and a debug log shipped to a shared dashboard is still a channel.
 *
 * Keys catch what we log on purpose; text catches what libraries put in messages. The message
 * string and `err.message` / `err.stack` are scrubbed of payment URLs and Checkout session ids,
 * `Bearer …` credentials and Slack tokens (`xoxb-…`, `xapp-…`).
 *
 * Payment URLs are recognised by what they carry, not by their host: the checkout host is
 * ModelsLab's choice (checkout.stripe.com, a Stripe custom domain such as pay.example.com, or
 * the simulator's own `/checkout/<id>` page), so the text rules are:
 *   - any URL that contains a Checkout session id (`cs_test_…`, `cs_live_…`), or a `/checkout/` path;
 *   - any URL under a JSON `"url"` key (also in JSON nested as a string, `\"url\":\"…\"`): that is
 *     how a link button travels in Bolt's and @slack/web-api's debug lines ("http request body: …",
 *     and the incoming payload of a click on the payer's DM), whatever the URL looks like;
 *   - a bare session id keeps its first 6 characters, for correlating lines, and loses the rest.
 * Structured fields are ours and carry request ids, not session ids; the audit log keeps those.
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from '../core/shared/ports.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  readonly level: LogLevel | string;
  /** Human-readable output (pino-pretty) instead of JSON lines; main.ts sets it when stdout is a TTY. */
  readonly pretty: boolean;
  /** Where lines go (tests pass a capture stream). Default: stdout. */
  readonly destination?: NodeJS.WritableStream;
  /** Fields on every line, e.g. `{ service: 'mlbot' }`. */
  readonly base?: Record<string, unknown>;
}

export const REDACTED = '[redacted]';

export const SECRET_KEYS: readonly string[] = [
  'token',
  'accessToken',
  'botToken',
  'appToken',
  'modelslabToken',
  'slackBotToken',
  'slackAppToken',
  'discordToken',
  'signingSecret',
  'signing_secret',
  'slackSigningSecret',
  'clientSecret',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  'x-slack-signature',
  'paymentUrl',
  'payment_url',
  'checkoutUrl',
  'checkout_url',
  'response_url',
  'responseUrl',
];

function pathFor(prefix: string, key: string): string {
  // Keys with a dash need bracket notation in redact paths.
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return prefix === '' ? segment.replace(/^\./, '') : `${prefix}${segment}`;
}

/** Every redact path the logger applies (exported so the docs and the test stay honest). */
export function redactPaths(): string[] {
  const prefixes = ['', '*', '*.*', '*.*.*', '*.attempts[*]'];
  return prefixes.flatMap((p) => SECRET_KEYS.map((k) => pathFor(p, k)));
}

// Characters a URL in log text runs over: not whitespace, quotes, angle brackets or the
// backslash of an escaped quote in nested JSON.
const URL_CHARS = String.raw`[^\s"'<>\\|]`;
const SECRET_TEXT: ReadonlyArray<[RegExp, string]> = [
  // A link button's URL in a JSON debug line, plain (`"url":"…"`) or nested (`\"url\":\"…\"`).
  [new RegExp(String.raw`(\\?"url\\?"\s*:\s*\\?")https?:${URL_CHARS}+`, 'gi'), '$1[redacted url]'],
  [new RegExp(String.raw`https?:\/\/${URL_CHARS}*\bcs_(?:test|live)_${URL_CHARS}*`, 'gi'), '[redacted payment url]'],
  [new RegExp(String.raw`https?:\/\/${URL_CHARS}*\/checkout\/${URL_CHARS}+`, 'gi'), '[redacted payment url]'],
  [new RegExp(String.raw`https?:\/\/checkout\.stripe\.com\/${URL_CHARS}+`, 'gi'), '[redacted payment url]'],
  [/\b(cs_(?:test|live)_[A-Za-z0-9]{0,6})[A-Za-z0-9]+/g, '$1…[redacted]'],
  [/\bBearer\s+[\w.~+/=-]+/g, 'Bearer [redacted]'],
  [/\bxox[abposr]-[\w-]+/g, '[redacted slack token]'],
  [/\bxapp-[\w-]+/g, '[redacted slack token]'],
];

/** Remove payment URLs and credentials from free text (log messages, error messages). */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

function scrubbedError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const plain = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  if (typeof plain.message === 'string') plain.message = scrubText(plain.message);
  if (typeof plain.stack === 'string') plain.stack = scrubText(plain.stack);
  return plain;
}

export function createLogger(options: LoggerOptions): Logger & pino.Logger {
  const config: pino.LoggerOptions = {
    serializers: { err: scrubbedError, error: scrubbedError },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
    level: options.level,
    base: options.base ?? { service: 'mlbot' },
    redact: { paths: redactPaths(), censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const destination = options.pretty
    ? pretty({
        colorize: options.destination === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        ...(options.destination ? { destination: options.destination } : {}),
      })
    : (options.destination ?? pino.destination(1));
  return pino(config, destination);
}
