/**
 * Slack shortcuts: the global "Fund ModelsLab" (callback_id `mlbot_fund`) and the message
 * shortcut "Fund from this message" (`mlbot_fund_from_message`). Both ack at once and hand core a
 * `fund_form` action, whose answer is the fund form (views.open with the shortcut's trigger_id,
 * fresh for 3 s). The message shortcut's channel is where the request goes and its text is the
 * note to prefill; the global one has no channel, so core's form asks for one.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { ActionEvent } from '../../src/core/shared/types.ts';
import { withFallbackApprover } from './approvers.ts';
import { type ListenerDeps, whereOf } from './listeners.ts';
import { userLocale, withLocale } from './locale.ts';
import { conversationOf } from './normalize.ts';

/** callback_id → what it is; manifest.yml declares exactly these (test/slack/manifest.test.ts). */
export const SHORTCUTS = {
  mlbot_fund: 'global',
  mlbot_fund_from_message: 'message',
} as const;

/** The shortcut payload fields we read (Slack sends more). */
export interface ShortcutPayload {
  readonly type: 'shortcut' | 'message_action';
  readonly callback_id: string;
  readonly trigger_id: string;
  readonly user: { readonly id: string; readonly username?: string; readonly name?: string; readonly team_id?: string };
  readonly team?: { readonly id: string } | null;
  readonly channel?: { readonly id: string };
  readonly message?: { readonly text?: string; readonly ts?: string };
  readonly response_url?: string;
}

/**
 * A message's text as a note: Slack markup reduced to what a person reads (`<@U1>` → `@U1`,
 * `<url|label>` → label, `<!here>` → `@here`) and entities decoded; core sanitises and caps it.
 */
export function noteFromMessage(text: string): string {
  return text
    .replace(/<([@#!])([^>|]+)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, label?: string) =>
      label ? `${sigil === '#' ? '#' : '@'}${label}` : `${sigil === '#' ? '#' : '@'}${id.replace(/^subteam\^/, '')}`,
    )
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export function shortcutEvent(
  p: ShortcutPayload,
  ctx: {
    isApprover: boolean;
    isAdmin?: boolean | undefined;
    teamId?: string | undefined;
    enterpriseId?: string | undefined;
    receivedAt: number;
  },
): ActionEvent {
  const name = p.user.username ?? p.user.name;
  return {
    kind: 'action',
    platform: 'slack',
    eventId: p.trigger_id,
    actor: {
      platform: 'slack',
      id: p.user.id,
      ...(name ? { name } : {}),
      isApprover: ctx.isApprover,
      ...(ctx.isAdmin !== undefined ? { isAdmin: ctx.isAdmin } : {}),
    },
    // The global shortcut has no channel: '' makes core's fund form ask for one.
    conversation: conversationOf(p.channel?.id ?? '', ctx.teamId ?? p.team?.id ?? p.user.team_id, ctx.enterpriseId),
    receivedAt: ctx.receivedAt,
    action: 'fund_form',
    value: p.type === 'message_action' ? noteFromMessage(p.message?.text ?? '') : '',
  };
}

export function registerShortcutListeners(app: App, deps: ListenerDeps): void {
  const { clock, metrics, logger } = deps;
  for (const callbackId of Object.keys(SHORTCUTS)) {
    app.shortcut(callbackId, async ({ shortcut, ack, respond, context }) => {
      const receivedAt = clock.now();
      await ack();
      metrics.ackLatency('slack', (clock.now() - receivedAt) / 1000);
      const port = deps.port();
      if (!port) {
        logger.warn({ what: callbackId }, 'slack shortcut before the engine was attached; dropped');
        return;
      }
      const ws = deps.workspaceOf(context);
      const where = whereOf(context);
      const payload = shortcut as unknown as ShortcutPayload;
      const target = {
        channelId: payload.channel?.id ?? '',
        userId: payload.user.id,
        fromAction: false,
        receivedAt,
        triggerId: payload.trigger_id,
        teamId: where.teamId,
        ...(payload.type === 'message_action' && respond ? { respond: respond as RespondFn } : {}),
      };
      port.receive(
        async () =>
          // The fund form it opens is in the person's language.
          withLocale(
            withFallbackApprover(
              shortcutEvent(payload, {
                isApprover: await ws.isApprover(payload.user.id),
                isAdmin: await ws.isAdmin(payload.user.id),
                receivedAt,
                ...where,
              }),
              (await ws.isFallbackApprover?.(payload.user.id)) ?? false,
            ),
            await userLocale(deps.locales, ws.client, ws.key, payload.user.id),
          ),
        deps.responderFor(target, ws),
      );
    });
  }
}
