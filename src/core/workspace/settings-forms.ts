/**
 * The three settings forms (each ≤ 5 fields, so Discord can show them), prefilled with the
 * current values, and reading a submission back into settings with settings-rules.ts: every
 * field's refusal keyed by its id (Slack shows them inline), nothing saved unless all pass.
 */
import type { FieldErrors, FormField, FormName, FormSpec, FormValues } from '../shared/forms.ts';
import { formatUsd, MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import {
  APPROVAL_TTL_HOURS,
  type ApproverKind,
  checkLowBalanceHasChannel,
  checkMaxFundCents,
  checkSpendControls,
  parseApprovers,
  parseChannel,
  parseUsdSetting,
  parseWholeNumber,
  parseYesNo,
  REMINDER_HOURS,
  REQUESTS_PER_MINUTE,
  type RuleResult,
  type SpendControlField,
} from './settings-rules.ts';
import { hoursOf, type SettingsSection } from './settings-view.ts';

export const FORM_OF: Readonly<Record<SettingsSection, FormName>> = {
  approvals: 'settings_approvals',
  limits: 'settings_limits',
  alerts: 'settings_alerts',
  spending: 'settings_spending',
  escalation: 'settings_escalation',
};

export function sectionOfForm(form: FormName): SettingsSection | undefined {
  return (Object.keys(FORM_OF) as SettingsSection[]).find((s) => FORM_OF[s] === form);
}

/** The approver pickers a platform has: Slack people and user groups, Discord roles, web people. */
const APPROVER_FIELDS: Readonly<
  Record<Platform, readonly { id: string; kind: ApproverKind; label: string; hint: string }[]>
> = {
  slack: [
    { id: 'approver_users', kind: 'users', label: 'Approvers (people)', hint: 'People who approve or deny requests.' },
    {
      id: 'approver_groups',
      kind: 'usergroups',
      label: 'Approvers (user groups)',
      hint: 'User-group ids like S0123ABCD, separated by spaces.',
    },
  ],
  discord: [
    {
      id: 'approver_roles',
      kind: 'roles',
      label: 'Approver roles',
      hint: 'Role ids or @role mentions, separated by spaces. Empty: members with Manage Server approve.',
    },
  ],
  web: [{ id: 'approver_users', kind: 'users', label: 'Approvers', hint: 'People ids, separated by spaces.' }],
};

const SLACK_GROUP = /^S/;

function approverInitial(
  platform: Platform,
  kind: ApproverKind,
  settings: TenantSettings,
  list: 'approvers' | 'fallbackApprovers' = 'approvers',
): string[] {
  const ids = settings[list]?.[platform] ?? [];
  if (platform !== 'slack') return [...ids];
  return ids.filter((id) => (kind === 'usergroups' ? SLACK_GROUP.test(id) : !SLACK_GROUP.test(id)));
}

const dollars = (cents: number) => (cents / 100).toFixed(2).replace(/\.00$/, '');

/** The fallback approvers' pickers: the approvers' own, under ids of their own. */
const FALLBACK_FIELDS: Readonly<
  Record<Platform, readonly { id: string; kind: ApproverKind; label: string; hint: string }[]>
> = {
  slack: [
    {
      id: 'fallback_users',
      kind: 'users',
      label: 'Fallback approvers (people)',
      hint: 'Who may decide once a request escalated.',
    },
    {
      id: 'fallback_groups',
      kind: 'usergroups',
      label: 'Fallback approvers (groups)',
      hint: 'User-group ids like S0123ABCD, separated by spaces.',
    },
  ],
  discord: [
    {
      id: 'fallback_roles',
      kind: 'roles',
      label: 'Fallback approver roles',
      hint: 'Role ids or @role mentions: who may decide once a request escalated.',
    },
  ],
  web: [{ id: 'fallback_users', kind: 'users', label: 'Fallback approvers', hint: 'People ids, separated by spaces.' }],
};

/** An optional dollar field: empty is off. */
function usdField(id: string, label: string, hint: string, cents: number | undefined): FormField {
  return {
    id,
    kind: 'number',
    label,
    hint,
    ...(cents !== undefined ? { initial: dollars(cents) } : {}),
    optional: true,
    maxLength: 12,
  };
}

/** An optional hours field: empty is off. */
function hoursField(id: string, label: string, hint: string, ms: number | undefined): FormField {
  return {
    id,
    kind: 'number',
    label,
    hint,
    ...(ms !== undefined ? { initial: String(hoursOf(ms)) } : {}),
    optional: true,
    maxLength: 4,
  };
}

function fieldsOf(section: SettingsSection, s: TenantSettings, platform: Platform): FormField[] {
  switch (section) {
    case 'approvals':
      return [
        ...APPROVER_FIELDS[platform].map(
          (f): FormField => ({
            id: f.id,
            kind: f.kind,
            label: f.label,
            hint: f.hint,
            initial: approverInitial(platform, f.kind, s),
            optional: true,
            maxLength: 1000,
          }),
        ),
        {
          id: 'threshold_usd',
          kind: 'number',
          label: 'Approval threshold (USD)',
          hint: 'Requests at or above this need an approver; 0 means every request does.',
          initial: dollars(s.approvalThresholdCents),
          maxLength: 12,
        },
        {
          id: 'self_approval',
          kind: 'toggle',
          label: 'Allow self-approval',
          hint: 'yes or no: may an approver approve their own request?',
          initial: s.allowSelfApproval ? 'yes' : 'no',
          maxLength: 5,
        },
        {
          id: 'expiry_hours',
          kind: 'number',
          label: 'Approval expiry (hours)',
          hint: `A whole number from ${APPROVAL_TTL_HOURS.min} to ${APPROVAL_TTL_HOURS.max}.`,
          initial: String(hoursOf(s.approvalTtlMs)),
          maxLength: 4,
        },
      ];
    case 'limits':
      return [
        {
          id: 'max_fund_usd',
          kind: 'number',
          label: 'Largest request (USD)',
          hint: `From ${formatUsd(MIN_FUND_CENTS)} to ${formatUsd(MAX_FUND_CEILING_CENTS)}.`,
          initial: dollars(s.maxFundCents),
          maxLength: 12,
        },
        {
          id: 'requests_per_minute',
          kind: 'number',
          label: 'Requests per member per minute',
          hint: `A whole number from ${REQUESTS_PER_MINUTE.min} to ${REQUESTS_PER_MINUTE.max}.`,
          initial: String(s.requestsPerMinute),
          maxLength: 5,
        },
      ];
    case 'alerts':
      return [
        {
          id: 'alert_channel',
          kind: 'channel',
          label: 'Alert channel',
          hint: 'Where low-balance alerts are posted. Empty: nowhere.',
          ...(s.alertChannelId ? { initial: s.alertChannelId } : {}),
          optional: true,
          maxLength: 100,
        },
        {
          id: 'low_balance_usd',
          kind: 'number',
          label: 'Low-balance threshold (USD)',
          hint: 'Alert when the balance falls below this. Empty: off.',
          ...(s.lowBalanceCents ? { initial: dollars(s.lowBalanceCents) } : {}),
          optional: true,
          maxLength: 12,
        },
      ];
    case 'spending':
      return [
        usdField(
          'second_threshold_usd',
          'Second approval from (USD)',
          'Requests at or above this need two different approvers (never the requester). Empty: one.',
          s.secondApprovalThresholdCents,
        ),
        usdField(
          'member_budget_usd',
          'Monthly budget per member (USD)',
          `Paid per member per UTC month; over it needs an approver. At least ${formatUsd(MIN_FUND_CENTS)}; empty: none.`,
          s.memberMonthlyBudgetCents,
        ),
        usdField(
          'workspace_budget_usd',
          'Monthly budget, workspace (USD)',
          `Confirmed payments of everyone per calendar month (UTC). At least ${formatUsd(MIN_FUND_CENTS)}; empty: none.`,
          s.workspaceMonthlyBudgetCents,
        ),
      ];
    case 'escalation':
      return [
        hoursField(
          'reminder_hours',
          'Reminder after (hours)',
          'One reminder to the approvers in the card thread. Before the expiry; empty: none.',
          s.reminderAfterMs,
        ),
        hoursField(
          'escalate_hours',
          'Escalate after (hours)',
          'Then the fallback approvers may decide. After the reminder, before the expiry; empty: never.',
          s.escalateAfterMs,
        ),
        ...FALLBACK_FIELDS[platform].map(
          (f): FormField => ({
            id: f.id,
            kind: f.kind,
            label: f.label,
            hint: f.hint,
            initial: approverInitial(platform, f.kind, s, 'fallbackApprovers'),
            optional: true,
            maxLength: 1000,
          }),
        ),
      ];
  }
}

/** Which field of a section carries a spend-control refusal (a change in one section can break a rule of another's value). */
const PROBLEM_FIELD: Readonly<Record<SettingsSection, Partial<Record<SpendControlField, string>>>> = {
  approvals: { second: 'threshold_usd', reminder: 'expiry_hours', escalate: 'expiry_hours' },
  limits: {},
  alerts: {},
  spending: {
    second: 'second_threshold_usd',
    memberBudget: 'member_budget_usd',
    workspaceBudget: 'workspace_budget_usd',
  },
  escalation: { reminder: 'reminder_hours', escalate: 'escalate_hours' },
};

const TITLE: Readonly<Record<SettingsSection, string>> = {
  approvals: 'Approval settings',
  limits: 'Request limits',
  alerts: 'Balance alerts',
  spending: 'Spending controls',
  escalation: 'Reminders, escalation',
};

/** The section's form; `context` names the tenant (used only where the platform names none). */
export function settingsForm(
  section: SettingsSection,
  s: TenantSettings,
  platform: Platform,
  tenant: TenantId,
): FormSpec {
  return {
    name: FORM_OF[section],
    title: TITLE[section],
    submitLabel: 'Save',
    fields: fieldsOf(section, s, platform),
    context: tenant,
    intro: 'Changes apply from the next request and are audited with who made them, before and after.',
  };
}

function text(values: FormValues, id: string): string {
  const v = values[id];
  return typeof v === 'string' ? v.trim() : (v ?? []).join(' ').trim();
}

/** A toggle: a typed yes/no (Discord, the playground) or Slack's checkbox. */
function toggle(values: FormValues, id: string, label: string): RuleResult<boolean> {
  const v = values[id];
  if (v === undefined || typeof v === 'string') return parseYesNo(v ?? '', label);
  // Slack's checkbox sends the ticked options' values: none ticked is "no".
  return v.length === 0 ? { ok: true, value: false } : parseYesNo(v[0] ?? '', label);
}

export type SectionRead =
  | { readonly ok: true; readonly next: TenantSettings }
  | { readonly ok: false; readonly errors: FieldErrors };

/** Read one section's submission over the current settings; every failing field gets its rule. */
export function readSection(
  section: SettingsSection,
  values: FormValues,
  current: TenantSettings,
  platform: Platform,
): SectionRead {
  const errors: Record<string, string> = {};
  const take = <T>(id: string, r: RuleResult<T>): T | undefined => {
    if (r.ok) return r.value;
    errors[id] = r.rule;
    return undefined;
  };
  let next: TenantSettings = current;
  if (section === 'approvals') {
    const ids: string[] = [];
    for (const f of APPROVER_FIELDS[platform]) {
      const list = take(f.id, parseApprovers(platform, f.kind, values[f.id] ?? []));
      if (list) ids.push(...list.filter((id) => !ids.includes(id)));
    }
    const threshold = take('threshold_usd', parseUsdSetting(text(values, 'threshold_usd'), 'The approval threshold'));
    const self = take('self_approval', toggle(values, 'self_approval', 'Allow self-approval'));
    const hours = take(
      'expiry_hours',
      parseWholeNumber(text(values, 'expiry_hours'), 'Approval expiry (hours)', APPROVAL_TTL_HOURS),
    );
    if (threshold !== undefined && self !== undefined && hours !== undefined) {
      next = {
        ...current,
        approvers: { ...current.approvers, [platform]: ids },
        approvalThresholdCents: threshold,
        allowSelfApproval: self,
        approvalTtlMs: hours * 3_600_000,
      };
    }
  } else if (section === 'limits') {
    let max = take('max_fund_usd', parseUsdSetting(text(values, 'max_fund_usd'), 'The largest request'));
    const bound = max !== undefined ? checkMaxFundCents(max) : undefined;
    if (bound) {
      errors.max_fund_usd = bound;
      max = undefined;
    }
    const perMinute = take(
      'requests_per_minute',
      parseWholeNumber(text(values, 'requests_per_minute'), 'Requests per member per minute', REQUESTS_PER_MINUTE),
    );
    if (max !== undefined && perMinute !== undefined)
      next = { ...current, maxFundCents: max, requestsPerMinute: perMinute };
  } else if (section === 'spending') {
    const second = optionalUsd(values, 'second_threshold_usd', 'The second-approval threshold', errors);
    const member = optionalUsd(values, 'member_budget_usd', 'The monthly budget per member', errors);
    const workspace = optionalUsd(values, 'workspace_budget_usd', 'The monthly budget of the workspace', errors);
    if (second.ok && member.ok && workspace.ok) {
      const {
        secondApprovalThresholdCents: _s,
        memberMonthlyBudgetCents: _m,
        workspaceMonthlyBudgetCents: _w,
        ...rest
      } = current;
      next = {
        ...rest,
        ...(second.value !== undefined ? { secondApprovalThresholdCents: second.value } : {}),
        ...(member.value !== undefined ? { memberMonthlyBudgetCents: member.value } : {}),
        ...(workspace.value !== undefined ? { workspaceMonthlyBudgetCents: workspace.value } : {}),
      };
    }
  } else if (section === 'escalation') {
    const reminder = optionalHours(values, 'reminder_hours', 'Reminder after (hours)', errors);
    const escalate = optionalHours(values, 'escalate_hours', 'Escalate after (hours)', errors);
    const ids: string[] = [];
    for (const f of FALLBACK_FIELDS[platform]) {
      const list = take(f.id, parseApprovers(platform, f.kind, values[f.id] ?? []));
      if (list) ids.push(...list.filter((id) => !ids.includes(id)));
    }
    if (reminder.ok && escalate.ok) {
      const { reminderAfterMs: _r, escalateAfterMs: _e, ...rest } = current;
      next = {
        ...rest,
        ...(reminder.value !== undefined ? { reminderAfterMs: reminder.value * 3_600_000 } : {}),
        ...(escalate.value !== undefined ? { escalateAfterMs: escalate.value * 3_600_000 } : {}),
        fallbackApprovers: { ...current.fallbackApprovers, [platform]: ids },
      };
    }
  } else {
    const channel = parseChannel(platform, values.alert_channel ?? '');
    if (!channel.ok) errors.alert_channel = channel.rule;
    const lowText = text(values, 'low_balance_usd');
    const low =
      lowText === '' ? { ok: true as const, value: undefined } : parseUsdSetting(lowText, 'The low-balance threshold');
    if (!low.ok) errors.low_balance_usd = low.rule;
    if (channel.ok && low.ok) {
      const needs = checkLowBalanceHasChannel(low.value, channel.value);
      if (needs) errors.low_balance_usd = needs;
      else {
        const { alertChannelId: _c, lowBalanceCents: _l, ...rest } = current;
        next = {
          ...rest,
          ...(channel.value !== undefined ? { alertChannelId: channel.value } : {}),
          ...(low.value ? { lowBalanceCents: low.value } : {}),
        };
      }
    }
  }
  if (Object.keys(errors).length === 0) {
    // The rules between values, over the whole result: raising the approval threshold above the
    // second one is refused in the approvals form as much as the reverse is in the spending form.
    for (const p of checkSpendControls(next)) {
      const field = PROBLEM_FIELD[section][p.field];
      if (field && errors[field] === undefined) errors[field] = p.rule;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, next };
}

type Optional<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false };

function optionalUsd(values: FormValues, id: string, label: string, errors: Record<string, string>): Optional<number> {
  const t = text(values, id);
  if (t === '') return { ok: true, value: undefined };
  const r = parseUsdSetting(t, label);
  if (r.ok) return r;
  errors[id] = r.rule;
  return { ok: false };
}

function optionalHours(
  values: FormValues,
  id: string,
  label: string,
  errors: Record<string, string>,
): Optional<number> {
  const t = text(values, id);
  if (t === '') return { ok: true, value: undefined };
  const r = parseWholeNumber(t, label, REMINDER_HOURS);
  if (r.ok) return r;
  errors[id] = r.rule;
  return { ok: false };
}
