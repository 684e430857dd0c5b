/**
 * The three settings forms (each ≤ 5 fields, so Discord can show them), prefilled with the
 * current values, and reading a submission back into settings with settings-rules.ts: every
 * field's refusal keyed by its id (Slack shows them inline), nothing saved unless all pass.
 */
import type { FieldErrors, FormField, FormName, FormSpec, FormValues } from '../shared/forms.ts';
import type { MessageKey, Texts } from '../shared/i18n.ts';
import { MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
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
  parseLanguage,
  parseUsdSetting,
  parseWholeNumber,
  parseYesNo,
  REMINDER_HOURS,
  REQUESTS_PER_MINUTE,
  type RuleResult,
  type SpendControlField,
} from './settings-rules.ts';
import { hoursOf, languageChoices, type SettingsSection } from './settings-view.ts';

export const FORM_OF: Readonly<Record<SettingsSection, FormName>> = {
  approvals: 'settings_approvals',
  limits: 'settings_limits',
  alerts: 'settings_alerts',
  spending: 'settings_spending',
  escalation: 'settings_escalation',
  language: 'settings_language',
};

export function sectionOfForm(form: FormName): SettingsSection | undefined {
  return (Object.keys(FORM_OF) as SettingsSection[]).find((s) => FORM_OF[s] === form);
}

/** One approver picker: its field id, what it names, and its label and hint in the catalog. */
interface ApproverField {
  readonly id: string;
  readonly kind: ApproverKind;
  readonly label: MessageKey;
  readonly hint: MessageKey;
}

/** The approver pickers a platform has: Slack people and user groups, Discord roles, web people. */
const APPROVER_FIELDS: Readonly<Record<Platform, readonly ApproverField[]>> = {
  slack: [
    {
      id: 'approver_users',
      kind: 'users',
      label: 'workspace.field_approver_users',
      hint: 'workspace.hint_approver_users',
    },
    {
      id: 'approver_groups',
      kind: 'usergroups',
      label: 'workspace.field_approver_groups',
      hint: 'workspace.hint_groups',
    },
  ],
  discord: [
    {
      id: 'approver_roles',
      kind: 'roles',
      label: 'workspace.field_approver_roles',
      hint: 'workspace.hint_approver_roles',
    },
  ],
  web: [{ id: 'approver_users', kind: 'users', label: 'workspace.field_approvers', hint: 'workspace.hint_people' }],
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
const FALLBACK_FIELDS: Readonly<Record<Platform, readonly ApproverField[]>> = {
  slack: [
    {
      id: 'fallback_users',
      kind: 'users',
      label: 'workspace.field_fallback_users',
      hint: 'workspace.hint_fallback_users',
    },
    {
      id: 'fallback_groups',
      kind: 'usergroups',
      label: 'workspace.field_fallback_groups',
      hint: 'workspace.hint_groups',
    },
  ],
  discord: [
    {
      id: 'fallback_roles',
      kind: 'roles',
      label: 'workspace.field_fallback_roles',
      hint: 'workspace.hint_fallback_roles',
    },
  ],
  web: [{ id: 'fallback_users', kind: 'users', label: 'workspace.field_fallback', hint: 'workspace.hint_people' }],
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

function fieldsOf(t: Texts, section: SettingsSection, s: TenantSettings, platform: Platform): FormField[] {
  switch (section) {
    case 'approvals':
      return [
        ...APPROVER_FIELDS[platform].map(
          (f): FormField => ({
            id: f.id,
            kind: f.kind,
            label: t.t(f.label),
            hint: t.t(f.hint),
            initial: approverInitial(platform, f.kind, s),
            optional: true,
            maxLength: 1000,
          }),
        ),
        {
          id: 'threshold_usd',
          kind: 'number',
          label: t.t('workspace.field_threshold'),
          hint: t.t('workspace.hint_threshold'),
          initial: dollars(s.approvalThresholdCents),
          maxLength: 12,
        },
        {
          id: 'self_approval',
          kind: 'toggle',
          label: t.t('workspace.field_self_approval'),
          hint: t.t('workspace.hint_self_approval'),
          // A value, not a text: Slack's checkbox is ticked by it; every language's yes and no parse.
          initial: s.allowSelfApproval ? 'yes' : 'no',
          maxLength: 5,
        },
        {
          id: 'expiry_hours',
          kind: 'number',
          label: t.t('workspace.field_expiry'),
          hint: t.t('workspace.hint_whole', { min: APPROVAL_TTL_HOURS.min, max: APPROVAL_TTL_HOURS.max }),
          initial: String(hoursOf(s.approvalTtlMs)),
          maxLength: 4,
        },
      ];
    case 'limits':
      return [
        {
          id: 'max_fund_usd',
          kind: 'number',
          label: t.t('workspace.field_max_fund'),
          hint: t.t('workspace.hint_max_fund', { min: t.money(MIN_FUND_CENTS), max: t.money(MAX_FUND_CEILING_CENTS) }),
          initial: dollars(s.maxFundCents),
          maxLength: 12,
        },
        {
          id: 'requests_per_minute',
          kind: 'number',
          label: t.t('workspace.field_requests'),
          hint: t.t('workspace.hint_whole', { min: REQUESTS_PER_MINUTE.min, max: REQUESTS_PER_MINUTE.max }),
          initial: String(s.requestsPerMinute),
          maxLength: 5,
        },
      ];
    case 'alerts':
      return [
        {
          id: 'alert_channel',
          kind: 'channel',
          label: t.t('workspace.field_alert_channel'),
          hint: t.t('workspace.hint_alert_channel'),
          ...(s.alertChannelId ? { initial: s.alertChannelId } : {}),
          optional: true,
          maxLength: 100,
        },
        {
          id: 'low_balance_usd',
          kind: 'number',
          label: t.t('workspace.field_low_balance'),
          hint: t.t('workspace.hint_low_balance'),
          ...(s.lowBalanceCents ? { initial: dollars(s.lowBalanceCents) } : {}),
          optional: true,
          maxLength: 12,
        },
      ];
    case 'spending':
      return [
        usdField(
          'second_threshold_usd',
          t.t('workspace.field_second'),
          t.t('workspace.hint_second'),
          s.secondApprovalThresholdCents,
        ),
        usdField(
          'member_budget_usd',
          t.t('workspace.field_member_budget'),
          t.t('workspace.hint_member_budget', { min: t.money(MIN_FUND_CENTS) }),
          s.memberMonthlyBudgetCents,
        ),
        usdField(
          'workspace_budget_usd',
          t.t('workspace.field_workspace_budget'),
          t.t('workspace.hint_workspace_budget', { min: t.money(MIN_FUND_CENTS) }),
          s.workspaceMonthlyBudgetCents,
        ),
      ];
    case 'escalation':
      return [
        hoursField(
          'reminder_hours',
          t.t('workspace.field_reminder'),
          t.t('workspace.hint_reminder'),
          s.reminderAfterMs,
        ),
        hoursField(
          'escalate_hours',
          t.t('workspace.field_escalate'),
          t.t('workspace.hint_escalate'),
          s.escalateAfterMs,
        ),
        ...FALLBACK_FIELDS[platform].map(
          (f): FormField => ({
            id: f.id,
            kind: f.kind,
            label: t.t(f.label),
            hint: t.t(f.hint),
            initial: approverInitial(platform, f.kind, s, 'fallbackApprovers'),
            optional: true,
            maxLength: 1000,
          }),
        ),
      ];
    case 'language':
      return [
        {
          id: 'language',
          kind: 'text',
          label: t.t('workspace.field_language'),
          hint: t.t('workspace.hint_language', { choices: languageChoices(t) }),
          ...(s.language ? { initial: s.language } : {}),
          optional: true,
          maxLength: 5,
        },
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
  language: {},
};

/** The section's form; `context` names the tenant (used only where the platform names none). */
export function settingsForm(
  t: Texts,
  section: SettingsSection,
  s: TenantSettings,
  platform: Platform,
  tenant: TenantId,
): FormSpec {
  return {
    name: FORM_OF[section],
    title: t.t(`workspace.form_title_${section}`),
    submitLabel: t.t('workspace.form_save'),
    cancelLabel: t.t('common.cancel'),
    fields: fieldsOf(t, section, s, platform),
    context: tenant,
    intro: t.t('workspace.form_intro'),
  };
}

function text(values: FormValues, id: string): string {
  const v = values[id];
  return typeof v === 'string' ? v.trim() : (v ?? []).join(' ').trim();
}

/** A toggle: a typed yes/no (Discord, the playground) or Slack's checkbox. */
function toggle(t: Texts, values: FormValues, id: string, label: string): RuleResult<boolean> {
  const v = values[id];
  if (v === undefined || typeof v === 'string') return parseYesNo(t, v ?? '', label);
  // Slack's checkbox sends the ticked options' values: none ticked is "no".
  return v.length === 0 ? { ok: true, value: false } : parseYesNo(t, v[0] ?? '', label);
}

export type SectionRead =
  | { readonly ok: true; readonly next: TenantSettings }
  | { readonly ok: false; readonly errors: FieldErrors };

/** Read one section's submission over the current settings; every failing field gets its rule. */
export function readSection(
  t: Texts,
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
      const list = take(f.id, parseApprovers(t, platform, f.kind, values[f.id] ?? []));
      if (list) ids.push(...list.filter((id) => !ids.includes(id)));
    }
    const threshold = take(
      'threshold_usd',
      parseUsdSetting(t, text(values, 'threshold_usd'), t.t('workspace.the_threshold')),
    );
    const self = take('self_approval', toggle(t, values, 'self_approval', t.t('workspace.field_self_approval')));
    const hours = take(
      'expiry_hours',
      parseWholeNumber(t, text(values, 'expiry_hours'), t.t('workspace.field_expiry'), APPROVAL_TTL_HOURS),
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
    let max = take('max_fund_usd', parseUsdSetting(t, text(values, 'max_fund_usd'), t.t('workspace.the_max_fund')));
    const bound = max !== undefined ? checkMaxFundCents(t, max) : undefined;
    if (bound) {
      errors.max_fund_usd = bound;
      max = undefined;
    }
    const perMinute = take(
      'requests_per_minute',
      parseWholeNumber(t, text(values, 'requests_per_minute'), t.t('workspace.field_requests'), REQUESTS_PER_MINUTE),
    );
    if (max !== undefined && perMinute !== undefined)
      next = { ...current, maxFundCents: max, requestsPerMinute: perMinute };
  } else if (section === 'spending') {
    const second = optionalUsd(t, values, 'second_threshold_usd', t.t('workspace.the_second'), errors);
    const member = optionalUsd(t, values, 'member_budget_usd', t.t('workspace.the_member_budget'), errors);
    const workspace = optionalUsd(t, values, 'workspace_budget_usd', t.t('workspace.the_workspace_budget'), errors);
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
    const reminder = optionalHours(t, values, 'reminder_hours', t.t('workspace.field_reminder'), errors);
    const escalate = optionalHours(t, values, 'escalate_hours', t.t('workspace.field_escalate'), errors);
    const ids: string[] = [];
    for (const f of FALLBACK_FIELDS[platform]) {
      const list = take(f.id, parseApprovers(t, platform, f.kind, values[f.id] ?? []));
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
  } else if (section === 'language') {
    const language = take('language', parseLanguage(t, text(values, 'language'), languageChoices(t)));
    if (!errors.language) {
      const { language: _l, ...rest } = current;
      next = language !== undefined ? { ...rest, language } : rest;
    }
  } else {
    const channel = parseChannel(t, platform, values.alert_channel ?? '');
    if (!channel.ok) errors.alert_channel = channel.rule;
    const lowText = text(values, 'low_balance_usd');
    const low =
      lowText === ''
        ? { ok: true as const, value: undefined }
        : parseUsdSetting(t, lowText, t.t('workspace.the_low_balance'));
    if (!low.ok) errors.low_balance_usd = low.rule;
    if (channel.ok && low.ok) {
      const needs = checkLowBalanceHasChannel(t, low.value, channel.value);
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
    for (const p of checkSpendControls(t, next)) {
      const field = PROBLEM_FIELD[section][p.field];
      if (field && errors[field] === undefined) errors[field] = p.rule;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, next };
}

type Optional<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false };

function optionalUsd(
  t: Texts,
  values: FormValues,
  id: string,
  label: string,
  errors: Record<string, string>,
): Optional<number> {
  const typed = text(values, id);
  if (typed === '') return { ok: true, value: undefined };
  const r = parseUsdSetting(t, typed, label);
  if (r.ok) return r;
  errors[id] = r.rule;
  return { ok: false };
}

function optionalHours(
  t: Texts,
  values: FormValues,
  id: string,
  label: string,
  errors: Record<string, string>,
): Optional<number> {
  const typed = text(values, id);
  if (typed === '') return { ok: true, value: undefined };
  const r = parseWholeNumber(t, typed, label, REMINDER_HOURS);
  if (r.ok) return r;
  errors[id] = r.rule;
  return { ok: false };
}
