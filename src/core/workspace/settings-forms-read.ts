/**
 * Reading a settings form's submission back into settings with settings-rules.ts: every field's
 * refusal keyed by its id (Slack shows them inline), nothing saved unless all pass. Each section
 * has its reader (settings-forms-readers.ts); the rules between values are checked over the result.
 */
import type { FieldErrors, FormValues } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import {
  readAlerts,
  readApprovals,
  readEscalation,
  readLanguage,
  readLimits,
  readSpending,
  type SectionInput,
} from './settings-forms-readers.ts';
import { checkSpendControls, type RuleResult, type SpendControlField } from './settings-rules.ts';
import type { SettingsSection } from './settings-view.ts';

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
  const input: SectionInput = { t, values, current, platform, errors, take };
  let next: TenantSettings;
  if (section === 'approvals') next = readApprovals(input);
  else if (section === 'limits') next = readLimits(input);
  else if (section === 'spending') next = readSpending(input);
  else if (section === 'escalation') next = readEscalation(input);
  else if (section === 'language') next = readLanguage(input);
  else next = readAlerts(input);
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
