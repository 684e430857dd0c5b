/**
 * Slack payloads → InboundEvent. Only the fields the engine needs; nothing Slack-shaped leaks
 * past this file.
 */
import type { FormName } from '../../src/core/shared/forms.ts';
import type {
  ActionEvent,
  ActionName,
  ClickedMessage,
  CommandEvent,
  CommandName,
  ConversationRef,
  FormEvent,
} from '../../src/core/shared/types.ts';
import { isActionName } from '../../src/core/shared/types.ts';
import { formValuesOf } from './form-view.ts';
import { unescapeSlackText } from './format.ts';
import { actionNameOf } from './render.ts';

export const COMMANDS: Readonly<Record<string, CommandName>> = {
  '/ml-fund': 'fund',
  '/ml-subscribe': 'subscribe',
  '/ml-balance': 'balance',
  '/ml': 'ml',
};

export function toActionName(actionId: string): ActionName | undefined {
  const name = actionNameOf(actionId);
  // Core's ACTION_NAMES is the one list: a new action is routed here without an edit.
  return isActionName(name) ? name : undefined;
}

/** The slash-command fields we read (Slack sends more). */
export interface SlashCommandPayload {
  readonly command: string;
  readonly text: string;
  readonly user_id: string;
  readonly user_name?: string;
  readonly channel_id: string;
  readonly team_id?: string;
  readonly trigger_id?: string;
  readonly response_url?: string;
}

/** The block_actions fields we read. */
export interface BlockActionsPayload {
  readonly type: 'block_actions';
  readonly trigger_id?: string;
  readonly user: { readonly id: string; readonly name?: string; readonly username?: string; readonly team_id?: string };
  readonly team?: { readonly id: string } | null;
  readonly channel?: { readonly id: string };
  readonly container?: {
    readonly type?: string;
    readonly channel_id?: string;
    readonly message_ts?: string;
    readonly thread_ts?: string;
    readonly is_ephemeral?: boolean;
    /** `view` for buttons in the Home tab (or a modal): no channel, no message. */
    readonly view_id?: string;
  };
  readonly message?: { readonly ts: string; readonly thread_ts?: string };
  readonly actions: ReadonlyArray<{ readonly action_id: string; readonly value?: string; readonly action_ts?: string }>;
  readonly response_url?: string;
}

interface Context {
  readonly isApprover: boolean;
  /** OAuth mode: workspace admin/owner or the installer; undefined when nobody asked Slack. */
  readonly isAdmin?: boolean | undefined;
  /** Bolt's context.teamId (from authorize); the payload's team when absent. */
  readonly teamId?: string | undefined;
  /** Set only for an org-wide install (context.isEnterpriseInstall): the enterprise is the tenant. */
  readonly enterpriseId?: string | undefined;
  readonly receivedAt: number;
  /** Socket Mode envelope id, when there is no trigger id. */
  readonly deliveryId?: string;
}

export function commandEvent(p: SlashCommandPayload, ctx: Context): CommandEvent | undefined {
  const command = COMMANDS[p.command];
  if (!command) return undefined;
  return {
    kind: 'command',
    platform: 'slack',
    eventId: p.trigger_id ?? ctx.deliveryId ?? `${p.channel_id}:${p.user_id}:${ctx.receivedAt}`,
    actor: {
      platform: 'slack',
      id: p.user_id,
      ...(p.user_name ? { name: p.user_name } : {}),
      isApprover: ctx.isApprover,
      ...(ctx.isAdmin !== undefined ? { isAdmin: ctx.isAdmin } : {}),
    },
    conversation: conversationOf(p.channel_id, ctx.teamId ?? p.team_id, ctx.enterpriseId),
    receivedAt: ctx.receivedAt,
    command,
    text: unescapeSlackText(p.text ?? '').trim(),
  };
}

export function actionEvent(p: BlockActionsPayload, ctx: Context): ActionEvent | undefined {
  const clicked = p.actions[0];
  if (!clicked) return undefined;
  const action = toActionName(clicked.action_id);
  const channelId = p.channel?.id ?? p.container?.channel_id;
  if (!action || !channelId) return undefined;
  const messageTs = p.message?.ts ?? p.container?.message_ts;
  const threadTs = p.message?.thread_ts ?? p.container?.thread_ts;
  // Core checks that this message is one of the clicked request's own (clicked-message.ts).
  const message: ClickedMessage | undefined = messageTs
    ? {
        platform: 'slack',
        channelId,
        messageId: messageTs,
        // A thread parent carries its own ts as thread_ts; only replies sit "in" a thread.
        ...(threadTs && threadTs !== messageTs ? { threadId: threadTs } : {}),
        // Slack sends no `message` for an ephemeral one, only the container.
        ...(p.container?.is_ephemeral === true || !p.message ? { ephemeral: true } : {}),
      }
    : undefined;
  const teamId = p.team?.id ?? p.user.team_id;
  const name = p.user.username ?? p.user.name;
  return {
    kind: 'action',
    platform: 'slack',
    // trigger_id is unique per click; Slack re-delivers the same payload on retries.
    eventId: p.trigger_id ?? ctx.deliveryId ?? `${channelId}:${messageTs}:${clicked.action_ts}`,
    actor: {
      platform: 'slack',
      id: p.user.id,
      ...(name ? { name } : {}),
      isApprover: ctx.isApprover,
      ...(ctx.isAdmin !== undefined ? { isAdmin: ctx.isAdmin } : {}),
    },
    conversation: conversationOf(channelId, ctx.teamId ?? teamId, ctx.enterpriseId),
    receivedAt: ctx.receivedAt,
    action,
    value: clicked.value ?? '',
    ...(message ? { message } : {}),
  };
}

export function conversationOf(
  channelId: string,
  teamId: string | undefined,
  enterpriseId: string | undefined,
): ConversationRef {
  return {
    platform: 'slack',
    channelId,
    ...(teamId ? { workspaceId: teamId } : {}),
    ...(enterpriseId ? { enterpriseId } : {}),
  };
}

/** The view_submission fields we read. */
export interface ViewSubmissionPayload {
  readonly type: 'view_submission';
  readonly trigger_id?: string;
  readonly user: { readonly id: string; readonly name?: string; readonly username?: string; readonly team_id?: string };
  readonly team?: { readonly id: string } | null;
  readonly view: {
    readonly id: string;
    readonly callback_id: string;
    readonly private_metadata?: string;
    readonly hash?: string;
    readonly state?: { values?: Record<string, Record<string, never>> };
  };
}

export function formEvent(
  p: ViewSubmissionPayload,
  ctx: Context & { readonly form: FormName; readonly channelId: string; readonly context?: string | undefined },
): FormEvent {
  const name = p.user.username ?? p.user.name;
  return {
    kind: 'form',
    platform: 'slack',
    eventId: p.trigger_id ?? `${p.view.id}:${p.view.hash ?? ctx.receivedAt}`,
    actor: {
      platform: 'slack',
      id: p.user.id,
      ...(name ? { name } : {}),
      isApprover: ctx.isApprover,
      ...(ctx.isAdmin !== undefined ? { isAdmin: ctx.isAdmin } : {}),
    },
    // The workspace is the payload's (signed by Slack), never the modal's metadata.
    conversation: conversationOf(ctx.channelId, ctx.teamId ?? p.team?.id ?? p.user.team_id, ctx.enterpriseId),
    receivedAt: ctx.receivedAt,
    form: ctx.form,
    values: formValuesOf(p.view.state),
    ...(ctx.context !== undefined ? { context: ctx.context } : {}),
  };
}

/** The message holding the clicked button; Slack sends only the container for ephemeral ones. */
export function clickedMessage(
  p: BlockActionsPayload,
): { readonly channelId: string; readonly ts: string; readonly ephemeral: boolean } | undefined {
  const channelId = p.channel?.id ?? p.container?.channel_id;
  const ts = p.message?.ts ?? p.container?.message_ts;
  if (!channelId || !ts) return undefined;
  return { channelId, ts, ephemeral: p.container?.is_ephemeral === true || !p.message };
}
