/**
 * How settings read to people: the `/ml settings` summary (each value with its rule, and an Edit
 * button per section) and the one-line-per-field difference a save reports and audits.
 */
import { formatUsd, MAX_FUND_CEILING_CENTS, MIN_FUND_CENTS } from '../shared/money.ts';
import type { Field, Reply } from '../shared/reply.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import { APPROVAL_TTL_HOURS, REQUESTS_PER_MINUTE } from './settings-rules.ts';

export const SECTIONS = ['approvals', 'limits', 'alerts', 'spending', 'escalation'] as const;
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
  readonly label: string;
  readonly value: (s: TenantSettings, platform: Platform) => string;
  readonly rule: (platform: Platform) => string;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

const LINES: readonly Line[] = [
  {
    label: 'Approvers',
    value: (s, p) => (s.approvers[p] ?? []).join(', ') || 'none',
    rule: (p) =>
      p === 'discord'
        ? 'Members with these roles approve or deny requests; with none, members with Manage Server do.'
        : p === 'slack'
          ? 'These people and user groups approve or deny requests.'
          : 'These people approve or deny requests.',
  },
  {
    label: 'Approval threshold',
    value: (s) => formatUsd(s.approvalThresholdCents),
    rule: () => 'Requests at or above this need an approver; $0.00 means every request does.',
  },
  {
    label: 'Self-approval',
    value: (s) => yesNo(s.allowSelfApproval),
    rule: () => 'Whether an approver may approve their own request.',
  },
  {
    label: 'Approval expiry',
    value: (s) => `${hoursOf(s.approvalTtlMs)} hours`,
    rule: () =>
      `An unanswered request expires after this long (${APPROVAL_TTL_HOURS.min} to ${APPROVAL_TTL_HOURS.max} hours).`,
  },
  {
    label: 'Largest request',
    value: (s) => formatUsd(s.maxFundCents),
    rule: () =>
      `The most one request may ask for (${formatUsd(MIN_FUND_CENTS)} to ${formatUsd(MAX_FUND_CEILING_CENTS)}).`,
  },
  {
    label: 'Requests per member',
    value: (s) => `${s.requestsPerMinute} per minute`,
    rule: () =>
      `New requests one member may open each minute (${REQUESTS_PER_MINUTE.min} to ${REQUESTS_PER_MINUTE.max.toLocaleString('en-US')}).`,
  },
  {
    label: 'Alert channel',
    value: (s) => s.alertChannelId ?? 'none',
    rule: () => 'Low-balance alerts are posted here.',
  },
  {
    label: 'Low-balance alert',
    value: (s) => (s.lowBalanceCents ? `below ${formatUsd(s.lowBalanceCents)}` : 'off'),
    rule: () => 'An alert is posted in the alert channel when the balance falls below this; empty turns it off.',
  },
  {
    label: 'Second approval',
    value: (s) =>
      s.secondApprovalThresholdCents !== undefined ? `from ${formatUsd(s.secondApprovalThresholdCents)}` : 'off',
    rule: () =>
      'Requests at or above this need two different approvers (the requester never counts); at or above the approval threshold.',
  },
  {
    label: 'Member monthly budget',
    value: (s) => (s.memberMonthlyBudgetCents !== undefined ? formatUsd(s.memberMonthlyBudgetCents) : 'none'),
    rule: () =>
      'Confirmed payments per member per calendar month (UTC); a request over it needs an approver even under the threshold.',
  },
  {
    label: 'Workspace monthly budget',
    value: (s) => (s.workspaceMonthlyBudgetCents !== undefined ? formatUsd(s.workspaceMonthlyBudgetCents) : 'none'),
    rule: () =>
      'Confirmed payments of the whole workspace per calendar month (UTC); a request over it needs an approver.',
  },
  {
    label: 'Reminder',
    value: (s) => (s.reminderAfterMs !== undefined ? `after ${hoursOf(s.reminderAfterMs)} hours` : 'off'),
    rule: () => 'One reminder to the approvers in the card thread; before the approval expiry.',
  },
  {
    label: 'Escalation',
    value: (s) => (s.escalateAfterMs !== undefined ? `after ${hoursOf(s.escalateAfterMs)} hours` : 'off'),
    rule: () => 'Then the fallback approvers may decide too; after the reminder, before the approval expiry.',
  },
  {
    label: 'Fallback approvers',
    value: (s, p) => (s.fallbackApprovers?.[p] ?? []).join(', ') || 'none',
    rule: (p) =>
      p === 'discord'
        ? 'Members with these roles may decide an escalated request.'
        : 'These people (and user groups) may decide an escalated request.',
  },
];

export function settingsFields(settings: TenantSettings, platform: Platform): Field[] {
  return LINES.map((l) => ({ label: l.label, value: `${l.value(settings, platform)}. ${l.rule(platform)}` }));
}

const EDIT_LABEL: Readonly<Record<SettingsSection, string>> = {
  approvals: 'Edit approvals',
  limits: 'Edit limits',
  alerts: 'Edit alerts',
  spending: 'Edit spending',
  escalation: 'Edit escalation',
};

/** `editable`: false in single-team mode, where the environment is the settings. */
export function settingsSummary(settings: TenantSettings, platform: Platform, editable: boolean): Reply {
  return {
    title: 'Workspace settings',
    text: editable
      ? 'The settings of this workspace. Each change is audited with who made it, before and after.'
      : "This bot's settings come from its environment (APPROVAL_THRESHOLD_USD, MAX_FUND_USD, …): its operator changes them.",
    fields: settingsFields(settings, platform),
    ...(editable
      ? {
          buttons: SECTIONS.map(
            (section) => ({ kind: 'action', action: 'settings', value: section, label: EDIT_LABEL[section] }) as const,
          ),
        }
      : {}),
    tone: 'info',
    ephemeral: true,
  };
}

/** "Approval threshold: $0.00 → $50.00" for each setting that differs; empty when none does. */
export function settingsDiff(before: TenantSettings, after: TenantSettings, platform: Platform): string[] {
  const out: string[] = [];
  for (const l of LINES) {
    const a = l.value(before, platform);
    const b = l.value(after, platform);
    if (a !== b) out.push(`${l.label}: ${a} → ${b}`);
  }
  return out;
}
