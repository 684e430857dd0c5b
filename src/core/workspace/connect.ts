/**
 * `/ml connect` and the Connect button: an admin pastes the workspace's ModelsLab agent access
 * token into a form; one read call checks it; only then is it stored (encrypted, by the
 * directory). The token is never echoed, logged, audited or put in an error: every failure here
 * logs the error's name only, and every answer is written without it.
 */
import { userRef } from '../requests/queries.ts';
import type { FieldErrors, FormSpec, FormValues } from '../shared/forms.ts';
import { newErrorRef } from '../shared/ids.ts';
import { formatUsd } from '../shared/money.ts';
import type { Reply } from '../shared/reply.ts';
import type { TenantId } from '../shared/tenant.ts';
import type { ActionEvent, CommandEvent, FormEvent } from '../shared/types.ts';
import type { TokenCheck } from '../shared/workspace-ports.ts';
import { audit, type DeskContext, errorName, guard } from './desk-context.ts';

export const TOKEN_FIELD = 'token';
export const MAX_TOKEN_CHARS = 512;

export function connectForm(tenant: TenantId, sandbox: boolean, replacing: boolean): FormSpec {
  return {
    name: 'connect',
    title: 'Connect ModelsLab',
    submitLabel: 'Connect',
    context: tenant,
    intro: replacing
      ? 'A ModelsLab account is connected already: a new token replaces it for this workspace.'
      : 'Connect the ModelsLab account this workspace pays into. Members can then fund and subscribe from chat.',
    fields: [
      {
        id: TOKEN_FIELD,
        kind: 'secret',
        label: 'ModelsLab agent access token',
        hint: sandbox
          ? 'Sandbox: any token sandbox-<name> is its own simulated account, e.g. sandbox-acme.'
          : 'Create an agent access token in your ModelsLab dashboard and paste it here. It is stored encrypted and never shown again.',
        maxLength: MAX_TOKEN_CHARS,
      },
    ],
  };
}

/** The shape a token must have before it is worth a call to ModelsLab; undefined when fine. */
export function tokenRule(token: string): string | undefined {
  if (token === '') return 'Paste the ModelsLab agent access token.';
  if (/\s/.test(token)) return 'A token has no spaces or line breaks: paste it exactly as ModelsLab shows it.';
  if (token.length > MAX_TOKEN_CHARS) return `A token is at most ${MAX_TOKEN_CHARS} characters.`;
  if (!/^[\x21-\x7E]+$/.test(token))
    return 'A token holds only printable ASCII characters: paste it exactly as ModelsLab shows it.';
  return undefined;
}

function tokenOf(values: FormValues): string {
  const v = values[TOKEN_FIELD];
  return (typeof v === 'string' ? v : (v ?? []).join('')).trim();
}

export function connectErrors(values: FormValues): FieldErrors | undefined {
  const rule = tokenRule(tokenOf(values));
  return rule ? { [TOKEN_FIELD]: rule } : undefined;
}

/** Single-team mode: the account is the operator's, set in the environment. */
export function operatorAnswer(sandbox: boolean): Reply {
  return {
    text: sandbox
      ? 'This bot runs in sandbox mode: it uses the built-in simulator, so there is no ModelsLab account to connect or disconnect (payments are simulated).'
      : "This bot's ModelsLab account is set by its operator (MODELSLAB_TOKEN), so there is nothing to connect or disconnect in chat.",
    tone: 'info',
    ephemeral: true,
  };
}

/** The answer when the platform could no longer show the form (Slack's 3 s trigger, a used interaction). */
export function formExpired(command: string): Reply {
  return {
    text: `I could not open the form in time (the click or command expired). Run ${command} again.`,
    tone: 'warning',
    ephemeral: true,
  };
}

export async function openConnect(ctx: DeskContext, event: CommandEvent | ActionEvent): Promise<void> {
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const status = await ctx.directory.status(ctx.tenant);
  const open = ctx.respond.openForm;
  try {
    if (!open) throw new Error('this platform shows no forms here');
    await open.call(ctx.respond, connectForm(ctx.tenant, ctx.sandbox, status.connected));
  } catch (err) {
    ctx.logger.info({ tenant: ctx.tenant, ...errorName(err) }, 'connect form could not be shown');
    await ctx.respond.reply(formExpired('/ml connect'));
  }
}

function checkAnswer(check: TokenCheck): Reply | undefined {
  if (check.ok) return undefined;
  return check.reason === 'rejected'
    ? {
        text: 'ModelsLab refused that token (wrong, expired or revoked), so nothing was stored. Check it in your ModelsLab dashboard and run /ml connect again.',
        tone: 'warning',
        ephemeral: true,
      }
    : {
        text: 'ModelsLab did not answer, so nothing was stored. Try /ml connect again in a minute.',
        tone: 'warning',
        ephemeral: true,
      };
}

export async function submitConnect(ctx: DeskContext, event: FormEvent): Promise<void> {
  if (ctx.tenancy === 'single') {
    await ctx.respond.reply(operatorAnswer(ctx.sandbox));
    return;
  }
  if (!(await guard(ctx, event.actor))) return;
  const token = tokenOf(event.values);
  const rule = tokenRule(token);
  if (rule) {
    await ctx.respond.reply({ text: `${rule} Nothing was stored.`, tone: 'warning', ephemeral: true });
    return;
  }
  let check: TokenCheck;
  try {
    check = await ctx.directory.checkToken(token);
  } catch (err) {
    ctx.logger.warn({ tenant: ctx.tenant, ...errorName(err) }, 'token check failed');
    check = { ok: false, reason: 'unavailable' };
  }
  const refused = checkAnswer(check);
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
      text: `I could not store the account just now (ref: ${ref}). Run /ml connect again.`,
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
    text: `Connected. Balance: ${formatUsd(check.balanceCents)}. Members can now use /ml-fund and /ml-subscribe; run /ml settings to choose the approvers and limits.`,
    tone: 'success',
    ephemeral: true,
  });
}
