/**
 * `/ml connect` and the Connect button: an admin pastes the workspace's ModelsLab agent access
 * token into a form; one read call checks it; only then is it stored (encrypted, by the
 * directory). The token is never echoed, logged, audited or put in an error: every failure here
 * logs the error's name only, and every answer is written without it.
 */
import { userRef } from '../requests/queries.ts';
import type { FieldErrors, FormSpec, FormValues } from '../shared/forms.ts';
import type { Texts } from '../shared/i18n.ts';
import { newErrorRef } from '../shared/ids.ts';
import type { Reply } from '../shared/reply.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { ActionEvent, CommandEvent, FormEvent } from '../shared/types.ts';
import type { TokenCheck } from '../shared/workspace-ports.ts';
import { audit, type DeskContext, errorName, guard } from './desk-context.ts';

export const TOKEN_FIELD = 'token';
export const MAX_TOKEN_CHARS = 512;

export function connectForm(t: Texts, tenant: TenantId, sandbox: boolean, replacing: boolean): FormSpec {
  return {
    name: 'connect',
    title: t.t('workspace.connect_title'),
    submitLabel: t.t('workspace.connect_submit'),
    cancelLabel: t.t('common.cancel'),
    context: tenant,
    intro: t.t(replacing ? 'workspace.connect_intro_replacing' : 'workspace.connect_intro'),
    fields: [
      {
        id: TOKEN_FIELD,
        kind: 'secret',
        label: t.t('workspace.connect_token_label'),
        hint: t.t(sandbox ? 'workspace.connect_token_hint_sandbox' : 'workspace.connect_token_hint'),
        maxLength: MAX_TOKEN_CHARS,
      },
    ],
  };
}

/** The shape a token must have before it is worth a call to ModelsLab; undefined when fine. */
export function tokenRule(t: Texts, token: string): string | undefined {
  if (token === '') return t.t('workspace.token_empty');
  if (/\s/.test(token)) return t.t('workspace.token_spaces');
  if (token.length > MAX_TOKEN_CHARS) return t.t('workspace.token_too_long', { max: String(MAX_TOKEN_CHARS) });
  if (!/^[\x21-\x7E]+$/.test(token)) return t.t('workspace.token_ascii');
  return undefined;
}

function tokenOf(values: FormValues): string {
  const v = values[TOKEN_FIELD];
  return (typeof v === 'string' ? v : (v ?? []).join('')).trim();
}

export function connectErrors(t: Texts, values: FormValues): FieldErrors | undefined {
  const rule = tokenRule(t, tokenOf(values));
  return rule ? { [TOKEN_FIELD]: rule } : undefined;
}

/** Single-team mode: the account is the operator's, set in the environment. */
export function operatorAnswer(t: Texts, sandbox: boolean): Reply {
  return {
    text: t.t(sandbox ? 'workspace.operator_sandbox' : 'workspace.operator_account'),
    tone: 'info',
    ephemeral: true,
  };
}

/** The answer when the platform could no longer show the form (Slack's 3 s trigger, a used interaction). */
export function formExpired(t: Texts, command: string): Reply {
  return {
    text: t.t('workspace.form_expired', { command }),
    tone: 'warning',
    ephemeral: true,
  };
}

export async function openConnect(ctx: DeskContext, event: CommandEvent | ActionEvent): Promise<void> {
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.t, ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const status = await ctx.directory.status(ctx.tenant);
  const open = ctx.respond.openForm;
  try {
    if (!open) throw new Error('this platform shows no forms here');
    await open.call(ctx.respond, connectForm(ctx.t, ctx.tenant, ctx.sandbox, status.connected));
  } catch (err) {
    ctx.logger.info({ tenant: ctx.tenant, ...errorName(err) }, 'connect form could not be shown');
    await ctx.respond.reply(formExpired(ctx.t, '/ml connect'));
  }
}

function checkAnswer(t: Texts, check: TokenCheck): Reply | undefined {
  if (check.ok) return undefined;
  return {
    text: t.t(check.reason === 'rejected' ? 'workspace.token_rejected' : 'workspace.token_unavailable'),
    tone: 'warning',
    ephemeral: true,
  };
}

export async function submitConnect(ctx: DeskContext, event: FormEvent): Promise<void> {
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.t, ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const token = tokenOf(event.values);
  const rule = tokenRule(ctx.t, token);
  if (rule) {
    await ctx.respond.reply({ text: ctx.t.t('workspace.nothing_stored', { rule }), tone: 'warning', ephemeral: true });
    return;
  }
  let check: TokenCheck;
  try {
    check = await ctx.directory.checkToken(token);
  } catch (err) {
    ctx.logger.warn({ tenant: ctx.tenant, ...errorName(err) }, 'token check failed');
    check = { ok: false, reason: 'unavailable' };
  }
  const refused = checkAnswer(ctx.t, check);
  if (refused || !check.ok) {
    ctx.logger.info({ tenant: ctx.tenant, reason: check.ok ? 'ok' : check.reason }, 'token not connected');
    if (refused) await ctx.respond.reply(refused);
    return;
  }
  const before = await ctx.directory.status(ctx.tenant);
  try {
    await ctx.directory.connect(ctx.tenant, token, userRef(event.actor));
  } catch (err) {
    // Logged by name only: the error of a layer that held the token must not print it.
    const ref = newErrorRef();
    ctx.logger.error({ tenant: ctx.tenant, ref, ...errorName(err) }, 'could not store the ModelsLab account');
    await ctx.respond.reply({
      text: ctx.t.t('workspace.store_failed', { ref }),
      tone: 'danger',
      ephemeral: true,
    });
    return;
  }
  await audit(
    ctx,
    'account',
    event.actor,
    before.connected ? 'ModelsLab account replaced' : 'ModelsLab account connected',
  );
  ctx.logger.info({ tenant: ctx.tenant, actor: event.actor.id }, 'ModelsLab account connected');
  await ctx.respond.reply({
    text: ctx.t.t('workspace.connected', { balance: ctx.t.money(check.balanceCents) }),
    tone: 'success',
    ephemeral: true,
  });
}
