/**
 * Shortcut deliveries as Slack sends them to the interactivity URL: a global shortcut
 * (`type: shortcut`, no channel) and a message shortcut (`type: message_action`, with the
 * channel, the message and a response_url). Both carry a fresh trigger_id for views.open.
 */
import { nextTrigger, postSigned, type SignOptions, type SlackDelivery } from './driver.ts';

export interface ShortcutInput {
  readonly callbackId: string;
  readonly userId: string;
  readonly teamId?: string;
  /** A message shortcut: the message it was used on. */
  readonly message?: { readonly channelId: string; readonly ts: string; readonly text: string; readonly user?: string };
  readonly responseUrl?: string;
}

export function shortcutPayload(s: ShortcutInput): Record<string, unknown> {
  const teamId = s.teamId ?? 'T0TEAM';
  const base = {
    callback_id: s.callbackId,
    trigger_id: nextTrigger(),
    action_ts: `${Date.now() / 1000}`,
    team: { id: teamId, domain: 'fake' },
    user: { id: s.userId, username: s.userId.slice(2).toLowerCase(), team_id: teamId },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    is_enterprise_install: false,
    enterprise: null,
  };
  if (!s.message) return { type: 'shortcut', ...base };
  return {
    type: 'message_action',
    ...base,
    channel: { id: s.message.channelId, name: 'general' },
    message_ts: s.message.ts,
    message: { type: 'message', ts: s.message.ts, text: s.message.text, user: s.message.user ?? 'U0SOMEONE' },
    response_url: s.responseUrl ?? '',
  };
}

export function sendShortcut(botUrl: string, s: ShortcutInput, sign: SignOptions): Promise<SlackDelivery> {
  const body = new URLSearchParams({ payload: JSON.stringify(shortcutPayload(s)) }).toString();
  return postSigned(botUrl, body, 'application/x-www-form-urlencoded', sign);
}
