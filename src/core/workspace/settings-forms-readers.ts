/**
 * One reader per settings section: the section's submitted values over the current settings.
 * Each records every failing field's rule in `errors` (keyed by field id) and returns the next
 * settings, or the current ones unchanged when a field failed.
 */
import type { FormValues } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import { APPROVER_FIELDS, FALLBACK_FIELDS } from './settings-forms-pickers.ts';
import { optionalHours, optionalUsd, text, toggle } from './settings-forms-values.ts';
import {
  APPROVAL_TTL_HOURS,
  checkLowBalanceHasChannel,
  checkMaxFundCents,
  parseApprovers,
  parseChannel,
  parseLanguage,
  parseUsdSetting,
  parseWholeNumber,
  REQUESTS_PER_MINUTE,
  type RuleResult,
} from './settings-rules.ts';
import { languageChoices } from './settings-view.ts';

export interface SectionInput {
  readonly t: Texts;
  readonly values: FormValues;
  readonly current: TenantSettings;
  readonly platform: Platform;
  /** The refusals so far, by field id. */
  readonly errors: Record<string, string>;
  /** A rule's value, or undefined with its refusal recorded under `id`. */
  readonly take: <T>(id: string, r: RuleResult<T>) => T | undefined;
}

export type SectionReader = (input: SectionInput) => TenantSettings;

export const readApprovals: SectionReader = ({ t, values, current, platform, take }) => {
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
    return {
      ...current,
      approvers: { ...current.approvers, [platform]: ids },
      approvalThresholdCents: threshold,
      allowSelfApproval: self,
      approvalTtlMs: hours * 3_600_000,
    };
  }
  return current;
};

export const readLimits: SectionReader = ({ t, values, current, errors, take }) => {
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
    return { ...current, maxFundCents: max, requestsPerMinute: perMinute };
  return current;
};

export const readSpending: SectionReader = ({ t, values, current, errors }) => {
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
    return {
      ...rest,
      ...(second.value !== undefined ? { secondApprovalThresholdCents: second.value } : {}),
      ...(member.value !== undefined ? { memberMonthlyBudgetCents: member.value } : {}),
      ...(workspace.value !== undefined ? { workspaceMonthlyBudgetCents: workspace.value } : {}),
    };
  }
  return current;
};

export const readEscalation: SectionReader = ({ t, values, current, platform, errors, take }) => {
  const reminder = optionalHours(t, values, 'reminder_hours', t.t('workspace.field_reminder'), errors);
  const escalate = optionalHours(t, values, 'escalate_hours', t.t('workspace.field_escalate'), errors);
  const ids: string[] = [];
  for (const f of FALLBACK_FIELDS[platform]) {
    const list = take(f.id, parseApprovers(t, platform, f.kind, values[f.id] ?? []));
    if (list) ids.push(...list.filter((id) => !ids.includes(id)));
  }
  if (reminder.ok && escalate.ok) {
    const { reminderAfterMs: _r, escalateAfterMs: _e, ...rest } = current;
    return {
      ...rest,
      ...(reminder.value !== undefined ? { reminderAfterMs: reminder.value * 3_600_000 } : {}),
      ...(escalate.value !== undefined ? { escalateAfterMs: escalate.value * 3_600_000 } : {}),
      fallbackApprovers: { ...current.fallbackApprovers, [platform]: ids },
    };
  }
  return current;
};

export const readLanguage: SectionReader = ({ t, values, current, errors, take }) => {
  const language = take('language', parseLanguage(t, text(values, 'language'), languageChoices(t)));
  if (!errors.language) {
    const { language: _l, ...rest } = current;
    return language !== undefined ? { ...rest, language } : rest;
  }
  return current;
};

export const readAlerts: SectionReader = ({ t, values, current, platform, errors }) => {
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
      return {
        ...rest,
        ...(channel.value !== undefined ? { alertChannelId: channel.value } : {}),
        ...(low.value ? { lowBalanceCents: low.value } : {}),
      };
    }
  }
  return current;
};
