/**
 * The rules a setting's value must follow, whether it comes from the environment (src/config.ts)
 * or from `/ml settings`: one set of functions, so a value the operator could not set in the
 * environment cannot be set in chat either. Each refusal is a sentence that states the rule.
 */
import { type Cents, formatUsd, MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
import { sanitizeUserText } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';

export type RuleResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rule: string };

/** APPROVAL_TTL_HOURS' range: an hour to two weeks. */
export const APPROVAL_TTL_HOURS = { min: 1, max: 24 * 14 } as const;
/** REQUESTS_PER_MINUTE's range. */
export const REQUESTS_PER_MINUTE = { min: 1, max: 1000 } as const;
/** More approvers than this is a typo or a paste of the member list. */
export const MAX_APPROVERS = 50;

const ok = <T>(value: T): RuleResult<T> => ({ ok: true, value });
const no = <T>(rule: string): RuleResult<T> => ({ ok: false, rule });

/** What a person typed, quoted safely in a refusal. */
function quoted(text: string): string {
  return `"${sanitizeUserText(text, 24)}"`;
}

/** A dollar amount as config reads one: digits, at most 2 decimals (an optional leading $). */
export function parseUsdSetting(text: string, label: string): RuleResult<Cents> {
  const t = text.trim().replace(/^\$\s*/, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) {
    return no(`${label} must be a dollar amount like 50 or 49.99 (got ${quoted(text)}).`);
  }
  return ok(Math.round(Number(t) * 100));
}

/** MAX_FUND_USD's bounds: ModelsLab's minimum and largest top-up. */
export function checkMaxFundCents(cents: Cents, label = 'The largest request'): string | undefined {
  if (cents < MIN_FUND_CENTS)
    return `${label} must be at least ${formatUsd(MIN_FUND_CENTS)}, ModelsLab's minimum top-up (got ${formatUsd(cents)}).`;
  if (cents > MAX_FUND_CEILING_CENTS)
    return `${label} must be at most ${formatUsd(MAX_FUND_CEILING_CENTS)}, ModelsLab's largest top-up (got ${formatUsd(cents)}).`;
  return undefined;
}

export function parseWholeNumber(text: string, label: string, range: { min: number; max: number }): RuleResult<number> {
  const t = text.trim().replaceAll(',', '');
  const n = /^\d{1,7}$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    return no(
      `${label} must be a whole number from ${range.min.toLocaleString('en-US')} to ${range.max.toLocaleString('en-US')} (got ${quoted(text)}).`,
    );
  }
  return ok(n);
}

/** Yes or no, as config reads a boolean (true/false, yes/no, on/off, 1/0). */
export function parseYesNo(text: string, label: string): RuleResult<boolean> {
  const t = text.trim();
  if (/^(1|true|yes|on|y)$/i.test(t)) return ok(true);
  if (/^(0|false|no|off|n)$/i.test(t)) return ok(false);
  return no(`${label} must be yes or no (got ${quoted(text)}).`);
}

/** The people or groups a platform names approvers with. */
export type ApproverKind = 'users' | 'usergroups' | 'roles';

const SNOWFLAKE = /^\d{17,20}$/;

/** One typed id or mention, as the id it names; undefined when it is not one of `kind`. */
function approverId(platform: Platform, kind: ApproverKind, raw: string): string | undefined {
  const t = raw.trim();
  if (platform === 'slack' && kind === 'users') {
    const id = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(t)?.[1] ?? t;
    return /^[UW][A-Z0-9]{2,20}$/.test(id) ? id : undefined;
  }
  if (platform === 'slack' && kind === 'usergroups') {
    const id = /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(t)?.[1] ?? t;
    return /^S[A-Z0-9]{2,20}$/.test(id) ? id : undefined;
  }
  if (platform === 'discord' && kind === 'roles') {
    const id = /^<@&(\d+)>$/.exec(t)?.[1] ?? t;
    return SNOWFLAKE.test(id) ? id : undefined;
  }
  if (platform === 'web' && kind === 'users') return /^[A-Za-z0-9_.-]{1,64}$/.test(t) ? t : undefined;
  return undefined;
}

const APPROVER_RULE: Readonly<Record<ApproverKind, Partial<Record<Platform, string>>>> = {
  users: {
    slack: 'Approvers are Slack people: user ids like U0123ABCD or W0123ABCD, or @mentions',
    web: 'Approvers are people ids like web-avery',
  },
  usergroups: { slack: 'Approver groups are Slack user-group ids like S0123ABCD' },
  roles: {
    discord: 'Approver roles are Discord role ids (17 to 20 digits, Developer Mode → Copy Role ID) or role mentions',
  },
};

/**
 * A list of approvers: a picker's ids, or text of ids and mentions separated by spaces or
 * commas. Duplicates are dropped; an empty list is allowed (nobody there is an approver).
 */
export function parseApprovers(
  platform: Platform,
  kind: ApproverKind,
  input: string | readonly string[],
): RuleResult<string[]> {
  const rule = APPROVER_RULE[kind][platform];
  if (!rule) return no(`${kind} cannot name approvers on ${platform}.`);
  const items = (typeof input === 'string' ? input.split(/[\s,]+/) : input).map((s) => s.trim()).filter(Boolean);
  const ids: string[] = [];
  for (const item of items) {
    const id = approverId(platform, kind, item);
    if (!id) return no(`${rule} (got ${quoted(item)}).`);
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_APPROVERS) return no(`At most ${MAX_APPROVERS} approvers per list (got ${ids.length}).`);
  return ok(ids);
}

const CHANNEL_RULE: Readonly<Record<Platform, string>> = {
  slack: 'The alert channel must be a Slack channel id like C0123ABCD (or G… for a private one) or a #channel link',
  discord: 'The alert channel must be a Discord channel id (17 to 20 digits) or a #channel mention',
  web: 'The alert channel must be a channel id like ml-billing',
};

/** One channel id or mention; empty: none (alerts off). */
export function parseChannel(platform: Platform, input: string | readonly string[]): RuleResult<string | undefined> {
  const items = (typeof input === 'string' ? [input] : input).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return ok(undefined);
  const t = items[0] ?? '';
  if (items.length > 1) return no(`${CHANNEL_RULE[platform]}: one channel only.`);
  const mentioned = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(t)?.[1] ?? t;
  const valid =
    platform === 'slack'
      ? /^[CG][A-Z0-9]{2,20}$/.test(mentioned)
      : platform === 'discord'
        ? SNOWFLAKE.test(mentioned)
        : /^[A-Za-z0-9_-]{1,64}$/.test(mentioned);
  return valid ? ok(mentioned) : no(`${CHANNEL_RULE[platform]} (got ${quoted(t)}).`);
}

/** LOW_BALANCE_USD needs ALERT_CHANNEL: an alert must have somewhere to go. */
export function checkLowBalanceHasChannel(
  lowBalanceCents: Cents | undefined,
  channel: string | undefined,
): string | undefined {
  if (lowBalanceCents !== undefined && lowBalanceCents > 0 && channel === undefined)
    return 'A low-balance threshold needs an alert channel to post in: set the channel, or leave the threshold empty (alerts off).';
  return undefined;
}

/** APPROVAL_REMINDER_HOURS' and APPROVAL_ESCALATE_HOURS' range (the expiry's). */
export const REMINDER_HOURS = APPROVAL_TTL_HOURS;

/** The values the spend-control rules relate to one another (TenantSettings and Policy both have them). */
export interface SpendControlValues {
  readonly approvalThresholdCents: Cents;
  readonly approvalTtlMs: number;
  readonly secondApprovalThresholdCents?: Cents;
  readonly memberMonthlyBudgetCents?: Cents;
  readonly workspaceMonthlyBudgetCents?: Cents;
  readonly reminderAfterMs?: number;
  readonly escalateAfterMs?: number;
}

/** Which value a spend-control refusal is about (config.ts names the variable, a form the field). */
export type SpendControlField = 'second' | 'memberBudget' | 'workspaceBudget' | 'reminder' | 'escalate';

export interface SpendControlProblem {
  readonly field: SpendControlField;
  readonly rule: string;
}

const hours = (ms: number) => `${Math.round(ms / 3_600_000)} hours`;

/**
 * How the spend controls must relate: two approvers only from a bar at or above the one-approver
 * bar (bigger requests need more approvers, never fewer); a budget of at least the minimum
 * top-up (a smaller one would refuse every request) or none; the reminder before the escalation,
 * and both before the approval expiry (after it, there is nothing left to remind anyone of).
 */
export function checkSpendControls(s: SpendControlValues): SpendControlProblem[] {
  const out: SpendControlProblem[] = [];
  const second = s.secondApprovalThresholdCents;
  if (second !== undefined) {
    if (second < MIN_FUND_CENTS)
      out.push({
        field: 'second',
        rule: `The second-approval threshold must be at least ${formatUsd(MIN_FUND_CENTS)}, ModelsLab's minimum top-up, or empty (one approver is enough) (got ${formatUsd(second)}).`,
      });
    else if (second < s.approvalThresholdCents)
      out.push({
        field: 'second',
        rule: `The second-approval threshold (${formatUsd(second)}) must be at or above the approval threshold (${formatUsd(s.approvalThresholdCents)}): larger requests need more approvers, not fewer.`,
      });
  }
  for (const [field, value, label] of [
    ['memberBudget', s.memberMonthlyBudgetCents, 'The monthly budget per member'],
    ['workspaceBudget', s.workspaceMonthlyBudgetCents, 'The monthly budget of the workspace'],
  ] as const) {
    if (value !== undefined && value < MIN_FUND_CENTS)
      out.push({
        field,
        rule: `${label} must be at least ${formatUsd(MIN_FUND_CENTS)}, ModelsLab's minimum top-up, or empty (no budget) (got ${formatUsd(value)}).`,
      });
  }
  const { reminderAfterMs: reminder, escalateAfterMs: escalate, approvalTtlMs: ttl } = s;
  if (reminder !== undefined && reminder >= ttl)
    out.push({
      field: 'reminder',
      rule: `The reminder (after ${hours(reminder)}) must come before the approval expiry (${hours(ttl)}).`,
    });
  if (escalate !== undefined && escalate >= ttl)
    out.push({
      field: 'escalate',
      rule: `The escalation (after ${hours(escalate)}) must come before the approval expiry (${hours(ttl)}).`,
    });
  else if (escalate !== undefined && reminder !== undefined && escalate <= reminder)
    out.push({
      field: 'escalate',
      rule: `The escalation (after ${hours(escalate)}) must come after the reminder (after ${hours(reminder)}).`,
    });
  return out;
}
