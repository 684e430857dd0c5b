/**
 * The settings forms, one per section (each ≤ 5 fields, so Discord can show them), prefilled
 * with the current values (settings-forms-fields.ts); a submission is read back into settings by
 * settings-forms-read.ts.
 */
import type { FormName, FormSpec } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { Platform } from '../shared/types.ts';
import type { TenantSettings } from '../shared/workspace-ports.ts';
import { fieldsOf } from './settings-forms-fields.ts';
import type { SettingsSection } from './settings-view.ts';

export { readSection, type SectionRead } from './settings-forms-read.ts';

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
