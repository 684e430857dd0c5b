/**
 * `/ml disconnect`: a confirmation first (a "Disconnect" danger button and "Never mind"), then
 * the directory forgets the token and stops the tenant's work. Money follows the checkout
 * session, not the connection: a link already sent was created on that ModelsLab account and is
 * credited to it if paid before it expires, whatever the bot holds.
 */
import { userRef } from '../requests/queries.ts';
import type { ActionEvent, CommandEvent } from '../shared/types.ts';
import { operatorAnswer } from './connect.ts';
import { audit, type DeskContext, guard } from './desk-context.ts';

export async function askDisconnect(ctx: DeskContext, event: CommandEvent): Promise<void> {
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.t, ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const status = await ctx.directory.status(ctx.tenant);
  if (!status.connected) {
    await ctx.respond.reply({
      text: ctx.t.t('workspace.disconnect_none'),
      tone: 'info',
      ephemeral: true,
    });
    return;
  }
  await ctx.respond.reply({
    title: ctx.t.t('workspace.disconnect_title'),
    text: ctx.t.t('workspace.disconnect_ask', { links: ctx.t.t('workspace.links_stay') }),
    buttons: [
      {
        kind: 'action',
        action: 'disconnect',
        value: 'confirm',
        label: ctx.t.t('workspace.disconnect_button'),
        style: 'danger',
      },
      { kind: 'action', action: 'dismiss', value: 'disconnect', label: ctx.t.t('workspace.never_mind') },
    ],
    tone: 'warning',
    ephemeral: true,
  });
}

export async function confirmDisconnect(ctx: DeskContext, event: ActionEvent): Promise<void> {
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.t, ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const removed = await ctx.directory.disconnect(ctx.tenant, userRef(event.actor));
  if (removed) {
    await audit(ctx, 'account', event.actor, 'ModelsLab account disconnected');
    ctx.logger.info({ tenant: ctx.tenant, actor: event.actor.id }, 'ModelsLab account disconnected');
  }
  const answer = removed
    ? {
        text: ctx.t.t('workspace.disconnected', { links: ctx.t.t('workspace.links_stay') }),
        tone: 'success' as const,
        ephemeral: true,
      }
    : { text: ctx.t.t('workspace.disconnect_nothing'), tone: 'info' as const, ephemeral: true };
  // Replace the confirmation in place where the platform can, so its buttons go away.
  if (ctx.respond.replaceOriginal) await ctx.respond.replaceOriginal(answer);
  else await ctx.respond.reply(answer);
}
