/**
 * Environment → typed, validated configuration. The only reader of `process.env` (main.ts passes
 * it in). A missing or malformed variable stops start-up with one line that names it and says how
 * to fix it.
 */
import { z } from 'zod';
import { ConfigError } from './core/shared/errors.ts';
import { isLocale, LOCALES, type Locale, textsFor } from './core/shared/i18n.ts';
import { centsToDollars, DEFAULT_MAX_FUND_CENTS, MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from './core/shared/money.ts';
import { makePolicy, type Policy } from './core/shared/policy.ts';
import type { Tenancy } from './core/shared/tenant.ts';
import { PLATFORMS, type Platform } from './core/shared/types.ts';
import { checkSpendControls, parseApprovers, REMINDER_HOURS, type SpendControlField } from './core/workspace/index.ts';
import { createMessageFormatter } from './i18n/icu-formatter.ts';
import { sandboxStateFileFor } from './sandbox/state-file.ts';
import { parseSecretKeys, type SecretKey } from './tenants/secret-box.ts';

const DEFAULT_API_URL = 'https://modelslab.com/api/agents/v1';

/** The settings rules state themselves in English here: an operator reads these at start-up. */
const ENGLISH = textsFor(createMessageFormatter(), 'en');

/** The variable behind each spend control, for config errors. */
const SPEND_CONTROL_ENV: Readonly<Record<SpendControlField, string>> = {
  second: 'SECOND_APPROVAL_THRESHOLD_USD',
  memberBudget: 'MEMBER_MONTHLY_BUDGET_USD',
  workspaceBudget: 'WORKSPACE_MONTHLY_BUDGET_USD',
  reminder: 'APPROVAL_REMINDER_HOURS',
  escalate: 'APPROVAL_ESCALATE_HOURS',
};

const usd = (name: string, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+(\.\d{1,2})?$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a dollar amount like 50 or 49.99 (got "${v}")` });
        return z.NEVER;
      }
      return Number(v);
    });

/** A dollar amount that may be unset (the control is then off). */
const optionalUsd = (name: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (!/^\d+(\.\d{1,2})?$/.test(v)) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a dollar amount like 50 or 49.99, or empty for off (got "${v}")`,
        });
        return z.NEVER;
      }
      return Math.round(Number(v) * 100);
    });

/** Whole hours that may be unset (off). */
const optionalHours = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a whole number of hours from ${min} to ${max}, or empty for off (got "${v}")`,
        });
        return z.NEVER;
      }
      return n * 3_600_000;
    });

const int = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const bool = (name: string, fallback: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (/^(1|true|yes|on)$/i.test(v)) return true;
      if (/^(0|false|no|off)$/i.test(v)) return false;
      ctx.addIssue({ code: 'custom', message: `${name} must be true or false (got "${v}")` });
      return z.NEVER;
    });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const url = (name: string) =>
  optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: `${name} must be an http(s) URL`,
  });

const list = optionalText.transform((v) =>
  (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean),
);

/** `<platform>:<channel id>`, the platforms being core's one list. */
const ALERT_CHANNEL_FORM = new RegExp(`^(${PLATFORMS.join('|')}):([A-Za-z0-9_-]+)$`);

const EnvSchema = z.object({
  MLBOT_TENANCY: z
    .enum(['single', 'workspaces'], {
      message: 'MLBOT_TENANCY must be single (one ModelsLab account for everything) or workspaces (one per workspace)',
    })
    .optional()
    .default('single'),
  BOT_LANGUAGE: optionalText.refine((v) => v === undefined || isLocale(v), {
    message: `BOT_LANGUAGE must be one of ${LOCALES.join(', ')} (the bot's default language for channel posts and people whose app gives none)`,
  }),
  // Never echoed in an error: it is the key to every stored token.
  SECRETS_KEY: optionalText,
  MODELSLAB_TOKEN: optionalText,
  MODELSLAB_API_URL: url('MODELSLAB_API_URL'),
  PORT: int('PORT', 3000, 0, 65535),
  HOST: optionalText,
  PUBLIC_URL: url('PUBLIC_URL'),
  PLAYGROUND: optionalText,
  STORE_URL: optionalText.refine(
    (v) => v === undefined || /^(sqlite:\/\/.+|redis:\/\/.+|rediss:\/\/.+|memory:\/\/)$/.test(v),
    {
      message: 'STORE_URL must be sqlite://<path>, redis://<host>:<port> or memory://',
    },
  ),
  STORE_NAMESPACE: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_.-]{1,64}$/.test(v), {
    message: 'STORE_NAMESPACE must be 1-64 letters, digits, dots, dashes or underscores',
  }),
  INSTANCE_ID: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_.:-]{1,128}$/.test(v), {
    message: 'INSTANCE_ID must be 1-128 letters, digits, dots, colons, dashes or underscores',
  }),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: url('SLACK_API_URL'),
  SLACK_CLIENT_ID: optionalText.refine((v) => v === undefined || /^\d+\.\d+$/.test(v), {
    message: 'SLACK_CLIENT_ID must be the Client ID from the Slack app’s Basic Information page (digits.digits)',
  }),
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'SLACK_STATE_SECRET must be at least 16 characters; make one with openssl rand -base64 24',
  }),
  SLACK_APPROVERS: list,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), {
    message: 'DISCORD_APPLICATION_ID must be the numeric application id from the Developer Portal',
  }),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), {
    message: 'DISCORD_GUILD_ID must be a numeric server id (Developer Mode → Copy Server ID)',
  }),
  DISCORD_API_URL: url('DISCORD_API_URL'),
  // Off: REST only (posts, edits, DMs); one process per shard holds the gateway.
  DISCORD_GATEWAY: optionalText.transform((v, ctx) => {
    if (v === undefined || /^on$/i.test(v)) return true;
    if (/^off$/i.test(v)) return false;
    ctx.addIssue({
      code: 'custom',
      message: `DISCORD_GATEWAY must be on (this process receives Discord's commands and clicks) or off (REST only: it posts receipts, card edits and DMs; another process holds the gateway) (got "${v}")`,
    });
    return z.NEVER;
  }),
  DISCORD_APPROVER_ROLE_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), {
    message: 'DISCORD_APPROVER_ROLE_ID must be a numeric role id (Developer Mode → Copy Role ID)',
  }),
  APPROVAL_THRESHOLD_USD: usd('APPROVAL_THRESHOLD_USD', 0),
  MAX_FUND_USD: usd('MAX_FUND_USD', DEFAULT_MAX_FUND_CENTS / 100),
  ALLOW_SELF_APPROVAL: bool('ALLOW_SELF_APPROVAL', false),
  APPROVAL_TTL_HOURS: int('APPROVAL_TTL_HOURS', 24, 1, 24 * 14),
  REQUESTS_PER_MINUTE: int('REQUESTS_PER_MINUTE', 5, 1, 1000),
  SECOND_APPROVAL_THRESHOLD_USD: optionalUsd('SECOND_APPROVAL_THRESHOLD_USD'),
  MEMBER_MONTHLY_BUDGET_USD: optionalUsd('MEMBER_MONTHLY_BUDGET_USD'),
  WORKSPACE_MONTHLY_BUDGET_USD: optionalUsd('WORKSPACE_MONTHLY_BUDGET_USD'),
  APPROVAL_REMINDER_HOURS: optionalHours('APPROVAL_REMINDER_HOURS', REMINDER_HOURS.min, REMINDER_HOURS.max),
  APPROVAL_ESCALATE_HOURS: optionalHours('APPROVAL_ESCALATE_HOURS', REMINDER_HOURS.min, REMINDER_HOURS.max),
  SLACK_FALLBACK_APPROVERS: list,
  DISCORD_FALLBACK_ROLE_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), {
    message: 'DISCORD_FALLBACK_ROLE_ID must be a numeric role id (Developer Mode → Copy Role ID)',
  }),
  REPORT_WEEKLY: optionalText.refine((v) => v === undefined || v === 'on' || v === 'off', {
    message: 'REPORT_WEEKLY must be on or off',
  }),
  CHART_FONT_FILE: optionalText,
  LOW_BALANCE_USD: optionalText,
  ALERT_CHANNEL: optionalText.refine((v) => v === undefined || ALERT_CHANNEL_FORM.test(v), {
    message: 'ALERT_CHANNEL must be <platform>:<channel id>, e.g. slack:C0123ABCD or discord:123456789012345678',
  }),
  ALERT_INTERVAL_MINUTES: int('ALERT_INTERVAL_MINUTES', 5, 1, 24 * 60),
  SUBSCRIPTION_CHECK_MINUTES: int('SUBSCRIPTION_CHECK_MINUTES', 15, 1, 24 * 60),
  MODELSLAB_BILLING_PER_MIN: int('MODELSLAB_BILLING_PER_MIN', 15, 1, 1000),
  SANDBOX_CHECKOUT_MINUTES: int('SANDBOX_CHECKOUT_MINUTES', 24 * 60, 30, 24 * 60),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional()
    .default('info'),
  LOG_PRETTY: optionalText,
});

export interface Config {
  /**
   * `single` (default): one tenant (SINGLE_TENANT) with MODELSLAB_TOKEN, or the sandbox, for every
   * workspace and server. `workspaces`: one tenant per Slack workspace / Discord server /
   * playground workspace, each connecting its own token in chat.
   */
  readonly tenancy: Tenancy;
  /**
   * BOT_LANGUAGE: the language of a workspace that chose none in `/ml settings` (and of a Discord
   * server whose preferred locale the catalog lacks). Unset: English.
   */
  readonly language: Locale | undefined;
  /**
   * No MODELSLAB_TOKEN (single mode), or no MODELSLAB_API_URL (workspaces mode): the built-in
   * simulator serves the API and every message says SANDBOX.
   */
  readonly sandbox: boolean;
  /** SECRETS_KEY: the first key seals, all open (src/tenants/secret-box.ts). */
  readonly secrets: { readonly keys: readonly SecretKey[] } | undefined;
  readonly modelslab: {
    readonly token: string | undefined;
    readonly apiUrl: string;
    /** The budget's starting guess; ModelsLab's X-RateLimit-* headers then set it (rate-budget.ts). */
    readonly billingPerMinute: number;
    /** The most the learned budget may reach: MODELSLAB_BILLING_PER_MIN when set, else 120. */
    readonly billingPerMinuteCap: number;
  };
  /**
   * The bot's public address (HTTP mode): DMs carry tracked pay links `<PUBLIC_URL>/pay/<token>`.
   * Unset: the Stripe URL is sent as is (Socket Mode on a laptop). The sandbox uses its own address.
   */
  readonly publicUrl: string | undefined;
  readonly http: { readonly port: number; readonly host: string };
  readonly playground: { readonly enabled: boolean };
  readonly storeUrl: string;
  /** Key prefix, so one Redis can hold several bots. */
  readonly storeNamespace: string;
  /**
   * This process's name in leases. A single process on sqlite keeps one name across restarts, so
   * it takes its predecessor's leases back at once after a crash; processes sharing Redis each need
   * their own (default: host name and pid), and a dead one's leases lapse on their own.
   */
  readonly instanceId: string;
  readonly slack:
    | {
        /** Absent with OAuth: each workspace's own token comes from the installation store. */
        readonly botToken: string | undefined;
        /** Slack OAuth distribution (`/slack/install`, `/slack/oauth_redirect`). */
        readonly oauth:
          | { readonly clientId: string; readonly clientSecret: string; readonly stateSecret: string }
          | undefined;
        readonly signingSecret: string | undefined;
        readonly appToken: string | undefined;
        readonly apiUrl: string | undefined;
        readonly approvers: readonly string[];
      }
    | undefined;
  readonly discord:
    | {
        readonly token: string;
        readonly applicationId: string;
        readonly guildId: string | undefined;
        readonly apiUrl: string | undefined;
        readonly approverRoleId: string | undefined;
        /**
         * DISCORD_GATEWAY (default on). Off: REST only, for a second replica: it posts, edits and
         * DMs with the bot token but opens no gateway session (two sessions on one shard would
         * both receive every interaction).
         */
        readonly gateway: boolean;
      }
    | undefined;
  /** Core's rules of the house, built with core's makePolicy (the one builder, tests use it too). */
  readonly policy: Policy;
  readonly alerts:
    | {
        readonly lowBalanceCents: number;
        readonly channel: { platform: Platform; channelId: string };
        readonly intervalMs: number;
      }
    | undefined;
  /**
   * Failed subscription payment notices: ALERT_CHANNEL alone (no threshold needed), checked every
   * SUBSCRIPTION_CHECK_MINUTES (default 15). Single-team mode; in workspaces mode each tenant's
   * alert channel setting is used, at the same interval.
   */
  readonly subscriptionAlerts: {
    readonly channel: { platform: Platform; channelId: string } | undefined;
    readonly intervalMs: number;
  };
  /**
   * Who may decide a request once it escalated (APPROVAL_ESCALATE_HOURS), per platform:
   * SLACK_FALLBACK_APPROVERS (users U…/W…, groups S…), DISCORD_FALLBACK_ROLE_ID. The defaults a new
   * tenant's settings start from, like the approvers.
   */
  readonly fallbackApprovers: Readonly<Partial<Record<Platform, readonly string[]>>>;
  /** The weekly spend report to the alert channel: REPORT_WEEKLY, default on when ALERT_CHANNEL is set. */
  readonly reportWeekly: boolean;
  /** CHART_FONT_FILE: the one font the report's charts are drawn with; default DejaVu Sans (src/charts). */
  readonly chartFontFile: string | undefined;
  readonly sandboxCheckoutMs: number;
  /** The simulator's state file beside a sqlite store; undefined (memory) for memory:// and Redis. */
  readonly sandboxStateFile: string | undefined;
  readonly log: { readonly level: string; readonly pretty: boolean };
}

// One config error type for the whole bot (core/errors.ts): the store and the adapters throw it too.
export { ConfigError } from './core/shared/errors.ts';

/**
 * Parse the environment. Pure: pass any object (tests do). Throws ConfigError with one line per
 * problem, each naming the variable.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { isTTY?: boolean; hostname?: string; pid?: number } = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return i.message.includes(name) ? i.message : `${name}: ${i.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const workspaces = e.MLBOT_TENANCY === 'workspaces';
  // Workspaces mode has no token of its own: it leaves the sandbox when told where ModelsLab is.
  const sandbox = workspaces ? e.MODELSLAB_API_URL === undefined : e.MODELSLAB_TOKEN === undefined;
  const oauth =
    e.SLACK_CLIENT_ID !== undefined || e.SLACK_CLIENT_SECRET !== undefined || e.SLACK_STATE_SECRET !== undefined;

  if (workspaces && e.MODELSLAB_TOKEN)
    problems.push(
      'MODELSLAB_TOKEN must not be set with MLBOT_TENANCY=workspaces: each workspace connects its own account with /ml connect; unset it (and set MODELSLAB_API_URL=https://modelslab.com/api/agents/v1 to leave the sandbox), or use MLBOT_TENANCY=single',
    );
  let secretKeys: SecretKey[] | undefined;
  if (e.SECRETS_KEY !== undefined) {
    try {
      secretKeys = parseSecretKeys(e.SECRETS_KEY);
    } catch (err) {
      problems.push(`SECRETS_KEY ${(err as Error).message}; the form is <id>:<base64 of 32 bytes>[,<id>:<base64>…]`);
    }
  } else if (workspaces || oauth) {
    problems.push(
      `SECRETS_KEY is missing: ${workspaces ? 'MLBOT_TENANCY=workspaces' : 'Slack OAuth (SLACK_CLIENT_ID)'} stores tokens encrypted with it; set SECRETS_KEY=k1:$(openssl rand -base64 32) and keep it safe (without it the stored tokens cannot be read)`,
    );
  }
  if (oauth) {
    const missing = (
      [
        ['SLACK_CLIENT_ID', e.SLACK_CLIENT_ID],
        ['SLACK_CLIENT_SECRET', e.SLACK_CLIENT_SECRET],
        ['SLACK_STATE_SECRET', e.SLACK_STATE_SECRET],
      ] as const
    )
      .filter(([, v]) => v === undefined)
      .map(([n]) => n);
    if (missing.length > 0)
      problems.push(
        `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET (Basic Information → App Credentials) and SLACK_STATE_SECRET (openssl rand -base64 24), all three or none`,
      );
    if (!e.PUBLIC_URL)
      problems.push(
        'PUBLIC_URL is missing: Slack OAuth sends installers back to <PUBLIC_URL>/slack/oauth_redirect; set it to the bot’s public https address',
      );
    if (e.SLACK_BOT_TOKEN)
      problems.push(
        'SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID: with OAuth each workspace’s own bot token comes from its install; unset one of them',
      );
    // Bolt's installer pages and per-workspace tokens live on the HTTP server: no Socket Mode.
    if (e.SLACK_APP_TOKEN)
      problems.push(
        'SLACK_APP_TOKEN must not be set with SLACK_CLIENT_ID: Slack OAuth (many workspaces) runs over HTTP (/slack/events, /slack/install); unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET',
      );
    else if (!e.SLACK_SIGNING_SECRET)
      problems.push(
        'SLACK_SIGNING_SECRET is missing: Slack OAuth needs it (Basic Information → Signing Secret) to check every request to /slack/events',
      );
  }

  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN)
    problems.push(
      'SLACK_SIGNING_SECRET is missing: set it (Slack app → Basic Information → Signing Secret) for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode',
    );
  if (!e.SLACK_BOT_TOKEN && !oauth && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN))
    problems.push(
      'SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from the Slack app’s OAuth & Permissions page',
    );
  if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith('xapp-'))
    problems.push(
      'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write)',
    );
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID)
    problems.push(
      'DISCORD_APPLICATION_ID is missing: copy the Application ID from the Discord Developer Portal → General Information',
    );
  if (!e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID)
    problems.push('DISCORD_TOKEN is missing: copy the bot token from the Discord Developer Portal → Bot → Reset Token');

  let lowBalanceCents: number | undefined;
  if (e.LOW_BALANCE_USD !== undefined) {
    if (!/^\d+(\.\d{1,2})?$/.test(e.LOW_BALANCE_USD))
      problems.push(`LOW_BALANCE_USD must be a dollar amount like 20 or 19.99 (got "${e.LOW_BALANCE_USD}")`);
    else lowBalanceCents = Math.round(Number(e.LOW_BALANCE_USD) * 100);
    if (!e.ALERT_CHANNEL)
      problems.push('ALERT_CHANNEL is missing: LOW_BALANCE_USD needs a channel for its alerts, e.g. slack:C0123ABCD');
  }
  const maxFundCents = Math.round(e.MAX_FUND_USD * 100);
  if (maxFundCents < MIN_FUND_CENTS)
    problems.push(
      `MAX_FUND_USD must be at least ${centsToDollars(MIN_FUND_CENTS)}, ModelsLab's minimum top-up (got ${e.MAX_FUND_USD})`,
    );
  if (maxFundCents > MAX_FUND_CEILING_CENTS)
    problems.push(
      `MAX_FUND_USD must be at most ${centsToDollars(MAX_FUND_CEILING_CENTS)}, ModelsLab's largest top-up (got ${e.MAX_FUND_USD})`,
    );

  const thresholdCents = Math.round(e.APPROVAL_THRESHOLD_USD * 100);
  const spendControls = {
    ...(e.SECOND_APPROVAL_THRESHOLD_USD !== undefined
      ? { secondApprovalThresholdCents: e.SECOND_APPROVAL_THRESHOLD_USD }
      : {}),
    ...(e.MEMBER_MONTHLY_BUDGET_USD !== undefined ? { memberMonthlyBudgetCents: e.MEMBER_MONTHLY_BUDGET_USD } : {}),
    ...(e.WORKSPACE_MONTHLY_BUDGET_USD !== undefined
      ? { workspaceMonthlyBudgetCents: e.WORKSPACE_MONTHLY_BUDGET_USD }
      : {}),
    ...(e.APPROVAL_REMINDER_HOURS !== undefined ? { reminderAfterMs: e.APPROVAL_REMINDER_HOURS } : {}),
    ...(e.APPROVAL_ESCALATE_HOURS !== undefined ? { escalateAfterMs: e.APPROVAL_ESCALATE_HOURS } : {}),
  };
  // The same rules /ml settings applies (core/workspace), each line naming its variable.
  for (const p of checkSpendControls(ENGLISH, {
    approvalThresholdCents: thresholdCents,
    approvalTtlMs: e.APPROVAL_TTL_HOURS * 3_600_000,
    ...spendControls,
  }))
    problems.push(`${SPEND_CONTROL_ENV[p.field]}: ${p.rule}`);
  for (const id of e.SLACK_FALLBACK_APPROVERS) {
    const kind = id.startsWith('S') ? 'usergroups' : 'users';
    const r = parseApprovers(ENGLISH, 'slack', kind, [id]);
    if (!r.ok) problems.push(`SLACK_FALLBACK_APPROVERS: ${r.rule}`);
  }

  const host = e.HOST ?? '127.0.0.1';
  // The playground is a demo with no login: on by default only in sandbox mode, and never on a
  // non-loopback address unless the operator says so explicitly.
  const playgroundSetting = e.PLAYGROUND?.toLowerCase();
  if (playgroundSetting !== undefined && !['on', 'off', 'true', 'false', '1', '0'].includes(playgroundSetting))
    problems.push(`PLAYGROUND must be on or off (got "${e.PLAYGROUND}")`);
  const playgroundOn = playgroundSetting === undefined ? sandbox : ['on', 'true', '1'].includes(playgroundSetting);
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  if (playgroundOn && !loopback && playgroundSetting === undefined)
    problems.push(
      `PLAYGROUND: the playground has no login and refuses to listen on ${host}; set HOST=127.0.0.1, or PLAYGROUND=on to expose it anyway, or PLAYGROUND=off`,
    );

  if (problems.length > 0) throw new ConfigError(problems.join('\n'));

  const storeUrl = e.STORE_URL ?? 'sqlite://./data/mlbot.sqlite';
  const alertMatch = e.ALERT_CHANNEL?.match(ALERT_CHANNEL_FORM);
  return Object.freeze({
    tenancy: e.MLBOT_TENANCY,
    language: e.BOT_LANGUAGE !== undefined && isLocale(e.BOT_LANGUAGE) ? e.BOT_LANGUAGE : undefined,
    sandbox,
    secrets: secretKeys ? { keys: secretKeys } : undefined,
    modelslab: {
      token: e.MODELSLAB_TOKEN,
      apiUrl: e.MODELSLAB_API_URL ?? DEFAULT_API_URL,
      billingPerMinute: e.MODELSLAB_BILLING_PER_MIN,
      // Set by the operator, it is also the ceiling; unset, the headers may raise it up to 120
      // (ModelsLab's general limiter: no account's billing limit is above it).
      billingPerMinuteCap:
        (env.MODELSLAB_BILLING_PER_MIN ?? '').trim() === ''
          ? Math.max(120, e.MODELSLAB_BILLING_PER_MIN)
          : e.MODELSLAB_BILLING_PER_MIN,
    },
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    http: { port: e.PORT, host },
    playground: { enabled: playgroundOn },
    storeUrl,
    storeNamespace: e.STORE_NAMESPACE ?? 'mlbot',
    instanceId:
      e.INSTANCE_ID ?? (/^rediss?:/.test(storeUrl) ? `${options.hostname ?? 'host'}-${options.pid ?? 0}` : 'local'),
    slack:
      e.SLACK_BOT_TOKEN || oauth
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            oauth:
              e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
                ? {
                    clientId: e.SLACK_CLIENT_ID,
                    clientSecret: e.SLACK_CLIENT_SECRET,
                    stateSecret: e.SLACK_STATE_SECRET,
                  }
                : undefined,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
            approvers: e.SLACK_APPROVERS,
          }
        : undefined,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            guildId: e.DISCORD_GUILD_ID,
            apiUrl: e.DISCORD_API_URL,
            approverRoleId: e.DISCORD_APPROVER_ROLE_ID,
            gateway: e.DISCORD_GATEWAY,
          }
        : undefined,
    policy: makePolicy({
      approvalThresholdCents: thresholdCents,
      maxFundCents,
      ...spendControls,
      allowSelfApproval: e.ALLOW_SELF_APPROVAL,
      approvalTtlMs: e.APPROVAL_TTL_HOURS * 3_600_000,
      newRequestLimit: { count: e.REQUESTS_PER_MINUTE, windowMs: 60_000 },
      sandbox,
    }),
    alerts:
      lowBalanceCents !== undefined && alertMatch
        ? {
            lowBalanceCents,
            channel: { platform: alertMatch[1] as Platform, channelId: alertMatch[2] ?? '' },
            intervalMs: e.ALERT_INTERVAL_MINUTES * 60_000,
          }
        : undefined,
    subscriptionAlerts: {
      channel: alertMatch ? { platform: alertMatch[1] as Platform, channelId: alertMatch[2] ?? '' } : undefined,
      intervalMs: e.SUBSCRIPTION_CHECK_MINUTES * 60_000,
    },
    fallbackApprovers: {
      ...(e.SLACK_FALLBACK_APPROVERS.length > 0 ? { slack: e.SLACK_FALLBACK_APPROVERS } : {}),
      ...(e.DISCORD_FALLBACK_ROLE_ID ? { discord: [e.DISCORD_FALLBACK_ROLE_ID] } : {}),
    },
    reportWeekly: e.REPORT_WEEKLY === undefined ? e.ALERT_CHANNEL !== undefined : e.REPORT_WEEKLY === 'on',
    chartFontFile: e.CHART_FONT_FILE,
    sandboxCheckoutMs: e.SANDBOX_CHECKOUT_MINUTES * 60_000,
    sandboxStateFile: sandbox ? sandboxStateFileFor(storeUrl) : undefined,
    log: {
      level: e.LOG_LEVEL,
      pretty: e.LOG_PRETTY === undefined ? Boolean(options.isTTY) : /^(1|true|on|yes)$/i.test(e.LOG_PRETTY),
    },
  });
}
