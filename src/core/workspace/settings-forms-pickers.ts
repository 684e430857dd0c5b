/**
 * The approver pickers of the settings forms, per platform (Slack people and user groups, Discord
 * roles, web people), for the approvers and for the fallback approvers, and their prefill: read
 * by the form's fields (settings-forms-fields.ts) and by the submission's reader alike.
 */
import type { MessageKey } from '../shared/i18n.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import type { ApproverKind } from './settings-rules.ts';

/** One approver picker: its field id, what it names, and its label and hint in the catalog. */
export interface ApproverField {
  readonly id: string;
  readonly kind: ApproverKind;
  readonly label: MessageKey;
  readonly hint: MessageKey;
}

/** The approver pickers a platform has: Slack people and user groups, Discord roles, web people. */
export const APPROVER_FIELDS: Readonly<Record<Platform, readonly ApproverField[]>> = {
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

/** The fallback approvers' pickers: the approvers' own, under ids of their own. */
export const FALLBACK_FIELDS: Readonly<Record<Platform, readonly ApproverField[]>> = {
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

/** Slack user group ids start with S. */
const SLACK_GROUP = /^S/;

/** A picker's prefill: the platform's ids in the list, for Slack only those of the picker's kind. */
export function approverInitial(
  platform: Platform,
  kind: ApproverKind,
  settings: TenantSettings,
  list: 'approvers' | 'fallbackApprovers' = 'approvers',
): string[] {
  const ids = settings[list]?.[platform] ?? [];
  if (platform !== 'slack') return [...ids];
  return ids.filter((id) => (kind === 'usergroups' ? SLACK_GROUP.test(id) : !SLACK_GROUP.test(id)));
}
