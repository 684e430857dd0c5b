/**
 * The fields of each settings section's form, prefilled with the current values (dollars as
 * typed, durations in hours). Discord shows at most 5 fields per modal.
 */
import type { FormField } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import { MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import { APPROVER_FIELDS, approverInitial, FALLBACK_FIELDS } from './settings-forms-pickers.ts';
import { APPROVAL_TTL_HOURS, REQUESTS_PER_MINUTE } from './settings-rules.ts';
import { hoursOf, languageChoices, type SettingsSection } from './settings-view.ts';

const dollars = (cents: number) => (cents / 100).toFixed(2).replace(/\.00$/, '');

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

/** The section's fields, each prefilled from `s`; the approver pickers are the platform's. */
export function fieldsOf(t: Texts, section: SettingsSection, s: TenantSettings, platform: Platform): FormField[] {
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
