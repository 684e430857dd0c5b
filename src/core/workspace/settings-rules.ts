/**
 * The rules a setting's value must follow, whether it comes from the environment (src/config.ts)
 * or from `/ml settings`: one set of functions, so a value the operator could not set in the
 * environment cannot be set in chat either. Each refusal is a sentence that states the rule.
 */
import { isLocale, type Locale, type MessageKey, type Texts } from '../shared/i18n.ts';
import { type Cents, MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
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
export function parseUsdSetting(tx: Texts, text: string, label: string): RuleResult<Cents> {
  const t = text.trim().replace(/^\$\s*/, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) {
    return no(tx.t('workspace.rule_usd', { label, got: quoted(text) }));
  }
  return ok(Math.round(Number(t) * 100));
}

/** MAX_FUND_USD's bounds: ModelsLab's minimum and largest top-up. */
export function checkMaxFundCents(t: Texts, cents: Cents, label = t.t('workspace.the_max_fund')): string | undefined {
  if (cents < MIN_FUND_CENTS)
    return t.t('workspace.rule_max_fund_min', { label, min: t.money(MIN_FUND_CENTS), got: t.money(cents) });
  if (cents > MAX_FUND_CEILING_CENTS)
    return t.t('workspace.rule_max_fund_max', { label, max: t.money(MAX_FUND_CEILING_CENTS), got: t.money(cents) });
  return undefined;
}

export function parseWholeNumber(
  tx: Texts,
  text: string,
  label: string,
  range: { min: number; max: number },
): RuleResult<number> {
  const t = text.trim().replaceAll(',', '');
  const n = /^\d{1,7}$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    return no(tx.t('workspace.rule_whole', { label, min: range.min, max: range.max, got: quoted(text) }));
  }
  return ok(n);
}

/** Yes or no, as config reads a boolean (true/false, yes/no, on/off, 1/0). */
export function parseYesNo(tx: Texts, text: string, label: string): RuleResult<boolean> {
  const t = text.trim();
  // The other language's yes and no count too ("sí"/"si" in Spanish): the form's hint says them.
  if (/^(1|true|yes|on|y|s[ií])$/i.test(t)) return ok(true);
  if (/^(0|false|no|off|n)$/i.test(t)) return ok(false);
  return no(tx.t('workspace.rule_yes_no', { label, got: quoted(text) }));
}

/** A workspace language: a catalog code (en, es), or empty for the default. */
export function parseLanguage(tx: Texts, text: string, choices: string): RuleResult<Locale | undefined> {
  const t = text.trim().toLowerCase();
  if (t === '') return ok(undefined);
  return isLocale(t) ? ok(t) : no(tx.t('workspace.rule_language_value', { choices, got: quoted(text) }));
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

const APPROVER_RULE: Readonly<Record<ApproverKind, Partial<Record<Platform, MessageKey>>>> = {
  users: { slack: 'workspace.approver_rule_slack_users', web: 'workspace.approver_rule_web_users' },
  usergroups: { slack: 'workspace.approver_rule_slack_groups' },
  roles: { discord: 'workspace.approver_rule_discord_roles' },
};

/**
 * A list of approvers: a picker's ids, or text of ids and mentions separated by spaces or
 * commas. Duplicates are dropped; an empty list is allowed (nobody there is an approver).
 */
export function parseApprovers(
  t: Texts,
  platform: Platform,
  kind: ApproverKind,
  input: string | readonly string[],
): RuleResult<string[]> {
  const key = APPROVER_RULE[kind][platform];
  if (!key) return no(t.t('workspace.approver_kind_unknown', { kind, platform }));
  const rule = t.t(key);
  const items = (typeof input === 'string' ? input.split(/[\s,]+/) : input).map((s) => s.trim()).filter(Boolean);
  const ids: string[] = [];
  for (const item of items) {
    const id = approverId(platform, kind, item);
    if (!id) return no(t.t('workspace.rule_got', { rule, got: quoted(item) }));
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_APPROVERS)
    return no(t.t('workspace.rule_max_approvers', { max: MAX_APPROVERS, got: String(ids.length) }));
  return ok(ids);
}

/** One channel id or mention; empty: none (alerts off). */
export function parseChannel(
  tx: Texts,
  platform: Platform,
  input: string | readonly string[],
): RuleResult<string | undefined> {
  const rule = tx.t(`workspace.channel_rule_${platform}`);
  const items = (typeof input === 'string' ? [input] : input).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return ok(undefined);
  const t = items[0] ?? '';
  if (items.length > 1) return no(tx.t('workspace.channel_one_only', { rule }));
  const mentioned = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(t)?.[1] ?? t;
  const valid =
    platform === 'slack'
      ? /^[CG][A-Z0-9]{2,20}$/.test(mentioned)
      : platform === 'discord'
        ? SNOWFLAKE.test(mentioned)
        : /^[A-Za-z0-9_-]{1,64}$/.test(mentioned);
  return valid ? ok(mentioned) : no(tx.t('workspace.rule_got', { rule, got: quoted(t) }));
}

/** LOW_BALANCE_USD needs ALERT_CHANNEL: an alert must have somewhere to go. */
export function checkLowBalanceHasChannel(
  t: Texts,
  lowBalanceCents: Cents | undefined,
  channel: string | undefined,
): string | undefined {
  if (lowBalanceCents !== undefined && lowBalanceCents > 0 && channel === undefined)
    return t.t('workspace.rule_low_balance_channel');
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

/**
 * How the spend controls must relate: two approvers only from a bar at or above the one-approver
 * bar (bigger requests need more approvers, never fewer); a budget of at least the minimum
 * top-up (a smaller one would refuse every request) or none; the reminder before the escalation,
 * and both before the approval expiry (after it, there is nothing left to remind anyone of).
 */
export function checkSpendControls(t: Texts, s: SpendControlValues): SpendControlProblem[] {
  const hours = (ms: number) => t.t('workspace.hours', { count: Math.round(ms / 3_600_000) });
  const out: SpendControlProblem[] = [];
  const second = s.secondApprovalThresholdCents;
  if (second !== undefined) {
    if (second < MIN_FUND_CENTS)
      out.push({
        field: 'second',
        rule: t.t('workspace.rule_second_min', { min: t.money(MIN_FUND_CENTS), got: t.money(second) }),
      });
    else if (second < s.approvalThresholdCents)
      out.push({
        field: 'second',
        rule: t.t('workspace.rule_second_above', {
          second: t.money(second),
          threshold: t.money(s.approvalThresholdCents),
        }),
      });
  }
  for (const [field, value, label] of [
    ['memberBudget', s.memberMonthlyBudgetCents, t.t('workspace.the_member_budget')],
    ['workspaceBudget', s.workspaceMonthlyBudgetCents, t.t('workspace.the_workspace_budget')],
  ] as const) {
    if (value !== undefined && value < MIN_FUND_CENTS)
      out.push({
        field,
        rule: t.t('workspace.rule_budget_min', { label, min: t.money(MIN_FUND_CENTS), got: t.money(value) }),
      });
  }
  const { reminderAfterMs: reminder, escalateAfterMs: escalate, approvalTtlMs: ttl } = s;
  if (reminder !== undefined && reminder >= ttl)
    out.push({
      field: 'reminder',
      rule: t.t('workspace.rule_reminder_before', { reminder: hours(reminder), ttl: hours(ttl) }),
    });
  if (escalate !== undefined && escalate >= ttl)
    out.push({
      field: 'escalate',
      rule: t.t('workspace.rule_escalate_before', { escalate: hours(escalate), ttl: hours(ttl) }),
    });
  else if (escalate !== undefined && reminder !== undefined && escalate <= reminder)
    out.push({
      field: 'escalate',
      rule: t.t('workspace.rule_escalate_after', { escalate: hours(escalate), reminder: hours(reminder) }),
    });
  return out;
}
