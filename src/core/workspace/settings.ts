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
  await ctx.respond.reply(settingsSummary(settings, tenantPlatform(ctx, event), ctx.tenancy === 'workspaces'));
}

export async function openSettingsForm(ctx: DeskContext, event: ActionEvent): Promise<void> {
  if (!(await guard(ctx, event.actor))) return;
  const section = event.value;
  if (!isSection(section)) {
    await ctx.respond.reply({
      text: 'That settings section does not exist; run /ml settings.',
      tone: 'warning',
      ephemeral: true,
    });
    return;
  }
  const platform = tenantPlatform(ctx, event);
  const settings = await ctx.directory.settings(ctx.tenant);
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(settingsSummary(settings, platform, false));
    return;
  }
  const open = ctx.respond.openForm;
  try {
    if (!open) throw new Error('this platform shows no forms here');
    await open.call(ctx.respond, settingsForm(section, settings, platform, ctx.tenant));
  } catch {
    await ctx.respond.reply(formExpired('/ml settings'));
  }
}

/** Inline errors for a settings form (Slack shows them before the modal closes). */
export async function settingsErrors(ctx: DeskContext, event: FormEvent): Promise<FieldErrors | undefined> {
  const section = sectionOfForm(event.form);
  // Single-team mode saves nothing from chat: the submit's answer says so.
  if (!section || ctx.tenancy === 'single') return undefined;
  const read = readSection(section, event.values, await ctx.directory.settings(ctx.tenant), tenantPlatform(ctx, event));
  return read.ok ? undefined : read.errors;
}

export async function submitSettings(ctx: DeskContext, event: FormEvent): Promise<void> {
  const section = sectionOfForm(event.form);
  if (!section) return;
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const platform = tenantPlatform(ctx, event);
  const before = await ctx.directory.settings(ctx.tenant);
  const read = readSection(section, event.values, before, platform);
  if (!read.ok) {
    await ctx.respond.reply({
      text: `Nothing was saved: ${Object.values(read.errors).join(' ')}`,
      tone: 'warning',
      ephemeral: true,
    });
    return;
  }
  const changes = settingsDiff(before, read.next, platform);
  if (changes.length === 0) {
    await ctx.respond.reply({ text: 'Nothing changed.', tone: 'info', ephemeral: true });
    return;
  }
  await ctx.directory.saveSettings(ctx.tenant, read.next, userRef(event.actor));
  await audit(ctx, 'settings', event.actor, `settings changed (${section}): ${changes.join('; ')}`);
  ctx.logger.info({ tenant: ctx.tenant, actor: event.actor.id, section, changed: changes.length }, 'settings saved');
  await ctx.respond.reply({
    title: 'Settings saved',
    text: 'They apply from the next request.',
    fields: changes.map((c) => {
      const [label = '', value = ''] = c.split(/: (.*)/s);
      return { label, value };
    }),
    tone: 'success',
    ephemeral: true,
  });
}
