/**
 * `/ml settings`: the summary (each value and its rule) with an Edit button per section; each
 * opens that section's form; a submit is checked field by field (settings-rules.ts), saved
 * through the directory and audited with who, before and after. In single-team mode the
 * environment is the settings: the summary is shown without Edit buttons.
 */
import { userRef } from '../requests/queries.ts';
import type { FieldErrors } from '../shared/forms.ts';
import type { ActionEvent, CommandEvent, FormEvent } from '../shared/types.ts';
import { formExpired, operatorAnswer } from './connect.ts';
import { audit, type DeskContext, guard, tenantPlatform } from './desk-context.ts';
import { readSection, sectionOfForm, settingsForm } from './settings-forms.ts';
import { isSection, settingsDiff, settingsSummary } from './settings-view.ts';

export async function showSettings(ctx: DeskContext, event: CommandEvent): Promise<void> {
  if (!(await guard(ctx, event.actor))) return;
  const settings = await ctx.directory.settings(ctx.tenant);
  await ctx.respond.reply(settingsSummary(ctx.t, settings, tenantPlatform(ctx, event), ctx.tenancy === 'workspaces'));
}

export async function openSettingsForm(ctx: DeskContext, event: ActionEvent): Promise<void> {
  if (!(await guard(ctx, event.actor))) return;
  const section = event.value;
  if (!isSection(section)) {
    await ctx.respond.reply({
      text: ctx.t.t('workspace.settings_no_section'),
      tone: 'warning',
      ephemeral: true,
    });
    return;
  }
  const platform = tenantPlatform(ctx, event);
  const settings = await ctx.directory.settings(ctx.tenant);
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(settingsSummary(ctx.t, settings, platform, false));
    return;
  }
  const open = ctx.respond.openForm;
  try {
    if (!open) throw new Error('this platform shows no forms here');
    await open.call(ctx.respond, settingsForm(ctx.t, section, settings, platform, ctx.tenant));
  } catch {
    await ctx.respond.reply(formExpired(ctx.t, '/ml settings'));
  }
}

/** Inline errors for a settings form (Slack shows them before the modal closes). */
export async function settingsErrors(ctx: DeskContext, event: FormEvent): Promise<FieldErrors | undefined> {
  const section = sectionOfForm(event.form);
  // Single-team mode saves nothing from chat: the submit's answer says so.
  if (!section || ctx.tenancy === 'single') return undefined;
  const read = readSection(
    ctx.t,
    section,
    event.values,
    await ctx.directory.settings(ctx.tenant),
    tenantPlatform(ctx, event),
  );
  return read.ok ? undefined : read.errors;
}

export async function submitSettings(ctx: DeskContext, event: FormEvent): Promise<void> {
  const section = sectionOfForm(event.form);
  if (!section) return;
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.t, ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const platform = tenantPlatform(ctx, event);
  const before = await ctx.directory.settings(ctx.tenant);
  const read = readSection(ctx.t, section, event.values, before, platform);
  if (!read.ok) {
    await ctx.respond.reply({
      text: ctx.t.t('workspace.settings_not_saved', { rules: Object.values(read.errors).join(' ') }),
      tone: 'warning',
      ephemeral: true,
    });
    return;
  }
  const changes = settingsDiff(ctx.t, before, read.next, platform);
  if (changes.length === 0) {
    await ctx.respond.reply({ text: ctx.t.t('workspace.settings_unchanged'), tone: 'info', ephemeral: true });
    return;
  }
  await ctx.directory.saveSettings(ctx.tenant, read.next, userRef(event.actor));
  // The audit line is a record, in English whatever the actor's language (the CSV's readers).
  const recorded = settingsDiff(ctx.english, before, read.next, platform);
  await audit(
    ctx,
    'settings',
    event.actor,
    `settings changed (${section}): ${recorded.map((c) => `${c.label}: ${c.change}`).join('; ')}`,
  );
  ctx.logger.info({ tenant: ctx.tenant, actor: event.actor.id, section, changed: changes.length }, 'settings saved');
  await ctx.respond.reply({
    title: ctx.t.t('workspace.settings_saved_title'),
    text: ctx.t.t('workspace.settings_saved_text'),
    fields: changes.map((c) => ({ label: c.label, value: c.change })),
    tone: 'success',
    ephemeral: true,
  });
}
