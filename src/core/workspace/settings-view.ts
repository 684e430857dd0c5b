/**
 * How settings read to people: the `/ml settings` summary (each value with its rule, and an Edit
 * button per section) and the one-line-per-field difference a save reports and audits.
 */
import { LOCALES, type Texts } from '../shared/i18n.ts';
import { MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
import type { Field, Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import { APPROVAL_TTL_HOURS, REQUESTS_PER_MINUTE } from './settings-rules.ts';

export const SECTIONS = ['approvals', 'limits', 'alerts', 'spending', 'escalation', 'language'] as const;
export type SettingsSection = (typeof SECTIONS)[number];

export function isSection(value: string): value is SettingsSection {
  return (SECTIONS as readonly string[]).includes(value);
}

const HOUR = 3_600_000;

export function hoursOf(ms: number): number {
  return Math.max(1, Math.round(ms / HOUR));
}

/** One setting, as shown and as compared. */
interface Line {
  readonly label: (t: Texts) => string;
  readonly value: (t: Texts, s: TenantSettings, platform: Platform) => string;
  readonly rule: (t: Texts, platform: Platform) => string;
}

const yesNo = (t: Texts, b: boolean) => t.t(b ? 'workspace.yes' : 'workspace.no');
const hoursText = (t: Texts, ms: number) => t.t('workspace.hours', { count: hoursOf(ms) });
const orNone = (t: Texts, list: readonly string[] | undefined) => (list ?? []).join(', ') || t.t('workspace.none');

/** "en (English), es (Español)": the languages a workspace may choose, in their own names. */
export function languageChoices(t: Texts): string {
  return LOCALES.map((l) =>
    t.t('workspace.language_choice', { code: l, name: t.t(`workspace.language_name_${l}`) }),
  ).join(', ');
}

const LINES: readonly Line[] = [
  {
    label: (t) => t.t('workspace.label_approvers'),
    value: (t, s, p) => orNone(t, s.approvers[p]),
    rule: (t, p) => t.t(`workspace.rule_approvers_${p}`),
  },
  {
    label: (t) => t.t('workspace.label_threshold'),
    value: (t, s) => t.money(s.approvalThresholdCents),
    rule: (t) => t.t('workspace.rule_threshold'),
  },
  {
    label: (t) => t.t('workspace.label_self_approval'),
    value: (t, s) => yesNo(t, s.allowSelfApproval),
    rule: (t) => t.t('workspace.rule_self_approval'),
  },
  {
    label: (t) => t.t('workspace.label_expiry'),
    value: (t, s) => hoursText(t, s.approvalTtlMs),
    rule: (t) => t.t('workspace.rule_expiry', { min: APPROVAL_TTL_HOURS.min, max: APPROVAL_TTL_HOURS.max }),
  },
  {
    label: (t) => t.t('workspace.label_max_fund'),
    value: (t, s) => t.money(s.maxFundCents),
    rule: (t) => t.t('workspace.rule_max_fund', { min: t.money(MIN_FUND_CENTS), max: t.money(MAX_FUND_CEILING_CENTS) }),
  },
  {
    label: (t) => t.t('workspace.label_requests'),
    value: (t, s) => t.t('workspace.per_minute', { rate: s.requestsPerMinute }),
    rule: (t) => t.t('workspace.rule_requests', { min: REQUESTS_PER_MINUTE.min, max: REQUESTS_PER_MINUTE.max }),
  },
  {
    label: (t) => t.t('workspace.label_alert_channel'),
    value: (t, s) => s.alertChannelId ?? t.t('workspace.none'),
    rule: (t) => t.t('workspace.rule_alert_channel'),
  },
  {
    label: (t) => t.t('workspace.label_low_balance'),
    value: (t, s) =>
      s.lowBalanceCents ? t.t('workspace.below', { amount: t.money(s.lowBalanceCents) }) : t.t('workspace.off'),
    rule: (t) => t.t('workspace.rule_low_balance'),
  },
  {
    label: (t) => t.t('workspace.label_second'),
    value: (t, s) =>
      s.secondApprovalThresholdCents !== undefined
        ? t.t('workspace.from', { amount: t.money(s.secondApprovalThresholdCents) })
        : t.t('workspace.off'),
    rule: (t) => t.t('workspace.rule_second'),
  },
  {
    label: (t) => t.t('workspace.label_member_budget'),
    value: (t, s) =>
      s.memberMonthlyBudgetCents !== undefined ? t.money(s.memberMonthlyBudgetCents) : t.t('workspace.none'),
    rule: (t) => t.t('workspace.rule_member_budget'),
  },
  {
    label: (t) => t.t('workspace.label_workspace_budget'),
    value: (t, s) =>
      s.workspaceMonthlyBudgetCents !== undefined ? t.money(s.workspaceMonthlyBudgetCents) : t.t('workspace.none'),
    rule: (t) => t.t('workspace.rule_workspace_budget'),
  },
  {
    label: (t) => t.t('workspace.label_reminder'),
    value: (t, s) =>
      s.reminderAfterMs !== undefined
        ? t.t('workspace.after', { hours: hoursText(t, s.reminderAfterMs) })
        : t.t('workspace.off'),
    rule: (t) => t.t('workspace.rule_reminder'),
  },
  {
    label: (t) => t.t('workspace.label_escalation'),
    value: (t, s) =>
      s.escalateAfterMs !== undefined
        ? t.t('workspace.after', { hours: hoursText(t, s.escalateAfterMs) })
        : t.t('workspace.off'),
    rule: (t) => t.t('workspace.rule_escalation'),
  },
  {
    label: (t) => t.t('workspace.label_fallback'),
    value: (t, s, p) => orNone(t, s.fallbackApprovers?.[p]),
    rule: (t, p) => t.t(p === 'discord' ? 'workspace.rule_fallback_discord' : 'workspace.rule_fallback_people'),
  },
  {
    label: (t) => t.t('workspace.label_language'),
    value: (t, s) => (s.language ? t.t(`workspace.language_name_${s.language}`) : t.t('workspace.language_default')),
    rule: (t) => t.t('workspace.rule_language', { choices: languageChoices(t) }),
  },
];

export function settingsFields(t: Texts, settings: TenantSettings, platform: Platform): Field[] {
  return LINES.map((l) => ({
    label: l.label(t),
    value: t.t('workspace.value_and_rule', { value: l.value(t, settings, platform), rule: l.rule(t, platform) }),
  }));
}

/** `editable`: false in single-team mode, where the environment is the settings. */
export function settingsSummary(t: Texts, settings: TenantSettings, platform: Platform, editable: boolean): Reply {
  return {
    title: t.t('workspace.settings_title'),
    text: t.t(editable ? 'workspace.settings_intro' : 'workspace.settings_from_env'),
    fields: settingsFields(t, settings, platform),
    ...(editable
      ? {
          buttons: SECTIONS.map(
            (section) =>
              ({
                kind: 'action',
                action: 'settings',
                value: section,
                label: t.t(`workspace.edit_${section}`),
              }) as const,
          ),
        }
      : {}),
    tone: 'info',
    ephemeral: true,
  };
}

/** One setting that differs: its label and "$0.00 → $50.00". */
export interface SettingChange {
  readonly label: string;
  readonly change: string;
}

/** Each setting that differs, in `t`'s language; empty when none does. */
export function settingsDiff(
  t: Texts,
  before: TenantSettings,
  after: TenantSettings,
  platform: Platform,
): SettingChange[] {
  const out: SettingChange[] = [];
  for (const l of LINES) {
    const a = l.value(t, before, platform);
    const b = l.value(t, after, platform);
    if (a !== b) out.push({ label: l.label(t), change: t.t('workspace.change', { before: a, after: b }) });
  }
  return out;
}
