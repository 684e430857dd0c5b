/**
 * What Slack sends to the app: signed slash commands, block_actions clicks and Events API
 * callbacks, byte for byte as Slack builds them (exact `application/x-www-form-urlencoded`
 * content type; `v0=` HMAC-SHA256 over `v0:<ts>:<body>`).
 */
import { createHmac } from 'node:crypto';

export interface SignOptions {
  readonly secret: string;
  /** Unix seconds; default now. */
  readonly ts?: number;
}

export function signSlackRequest(body: string, { secret, ts = Math.floor(Date.now() / 1000) }: SignOptions) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

export interface SlackDelivery {
  readonly status: number;
  readonly body: string;
  /** Milliseconds from sending to the full HTTP response. */
  readonly ms: number;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  sign: SignOptions,
): Promise<SlackDelivery> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, ...signSlackRequest(body, sign) },
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

let triggerCounter = 0;
/** Like Slack's: `<epoch ms>.<n>.<hash>`; the fake reads the time to enforce the 3 s lifetime. */
export function nextTrigger(): string {
  triggerCounter += 1;
  return `${Date.now()}.${triggerCounter}.fake${triggerCounter}`;
}

export interface CommandInput {
  readonly command: string;
  readonly text: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  readonly teamId?: string;
  /** Enterprise Grid org id (sent as `enterprise_id`). */
  readonly enterpriseId?: string;
  /** The app is installed org-wide (`is_enterprise_install: true`). */
  readonly enterpriseInstall?: boolean;
  readonly responseUrl: string;
  readonly triggerId?: string;
}

export function slashCommandPayload(c: CommandInput): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: c.teamId ?? 'T0TEAM',
    team_domain: 'fake',
    channel_id: c.channelId,
    channel_name: 'general',
    user_id: c.userId,
    user_name: c.userName ?? c.userId.toLowerCase(),
    command: c.command,
    // Slack escapes &, <, > in command text.
    text: c.text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    api_app_id: 'A0FAKE',
    is_enterprise_install: c.enterpriseInstall ? 'true' : 'false',
    ...(c.enterpriseId ? { enterprise_id: c.enterpriseId } : {}),
    response_url: c.responseUrl,
    trigger_id: c.triggerId ?? nextTrigger(),
  };
}

export function sendSlashCommand(botUrl: string, c: CommandInput, sign: SignOptions): Promise<SlackDelivery> {
  const body = new URLSearchParams(slashCommandPayload(c)).toString();
  return postSigned(botUrl, body, 'application/x-www-form-urlencoded', sign);
}

/** A button as rendered in a message's blocks. */
export interface RenderedButton {
  readonly action_id: string;
  readonly block_id: string;
  readonly value?: string;
  readonly url?: string;
  readonly label: string;
}

export function buttonsIn(blocks: readonly unknown[]): RenderedButton[] {
  const out: RenderedButton[] = [];
  for (const b of blocks as Array<{ type: string; block_id?: string; elements?: unknown[] }>) {
    if (b.type !== 'actions') continue;
    for (const e of (b.elements ?? []) as Array<Record<string, unknown>>) {
      if (e.type !== 'button') continue;
      out.push({
        action_id: String(e.action_id),
        block_id: b.block_id ?? '',
        label: String((e.text as { text?: string })?.text ?? ''),
        ...(typeof e.value === 'string' ? { value: e.value } : {}),
        ...(typeof e.url === 'string' ? { url: e.url } : {}),
      });
    }
  }
  return out;
}

export function findButton(blocks: readonly unknown[], label: string | RegExp): RenderedButton {
  const found = buttonsIn(blocks).find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
  if (!found) throw new Error(`no button ${String(label)} in ${JSON.stringify(buttonsIn(blocks).map((b) => b.label))}`);
  return found;
}

export interface ClickInput {
  readonly userId: string;
  readonly userName?: string;
  readonly channelId: string;
  /** The message holding the button, as the fake stored it. */
  readonly message: {
    readonly ts: string;
    readonly text: string;
    readonly blocks: readonly unknown[];
    readonly threadTs?: string;
  };
  readonly button: RenderedButton;
  readonly responseUrl: string;
  readonly teamId?: string;
  /** Enterprise Grid org id (sent as `enterprise: {id}` and `team.enterprise_id`). */
  readonly enterpriseId?: string;
  /** The app is installed org-wide. */
  readonly enterpriseInstall?: boolean;
  readonly triggerId?: string;
  /** The button sat in an ephemeral message: Slack then sends no `message`, only the container. */
  readonly ephemeral?: boolean;
}

export function blockActionsPayload(c: ClickInput): Record<string, unknown> {
  const teamId = c.teamId ?? 'T0TEAM';
  const channelType = c.channelId.startsWith('D') ? 'im' : 'channel';
  return {
    type: 'block_actions',
    user: {
      id: c.userId,
      username: c.userName ?? c.userId.toLowerCase(),
      name: c.userName ?? c.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: c.message.ts,
      channel_id: c.channelId,
      is_ephemeral: c.ephemeral ?? false,
      ...(c.message.threadTs ? { thread_ts: c.message.threadTs } : {}),
    },
    trigger_id: c.triggerId ?? nextTrigger(),
    team: { id: teamId, domain: 'fake', ...(c.enterpriseId ? { enterprise_id: c.enterpriseId } : {}) },
    enterprise: c.enterpriseId ? { id: c.enterpriseId, name: 'Fake Org' } : null,
    is_enterprise_install: c.enterpriseInstall === true,
    channel: { id: c.channelId, name: channelType === 'im' ? 'directmessage' : 'general' },
    ...(c.ephemeral ? {} : { message: messageOf(c) }),
    state: { values: {} },
    response_url: c.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: c.button.action_id,
        block_id: c.button.block_id,
        text: { type: 'plain_text', text: c.button.label, emoji: true },
        ...(c.button.value !== undefined ? { value: c.button.value } : {}),
        ...(c.button.url !== undefined ? { url: c.button.url } : {}),
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
}

export function clickButton(botUrl: string, c: ClickInput, sign: SignOptions): Promise<SlackDelivery> {
  const body = new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(c)) }).toString();
  return postSigned(botUrl, body, 'application/x-www-form-urlencoded', sign);
}

export function appHomeOpenedPayload(userId: string, teamId = 'T0TEAM'): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0FAKE',
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: `D${userId.slice(1)}`,
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
    type: 'event_callback',
    event_id: `Ev${Date.now()}${++triggerCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
  };
}

export function openAppHome(botUrl: string, userId: string, sign: SignOptions): Promise<SlackDelivery> {
  return postSigned(botUrl, JSON.stringify(appHomeOpenedPayload(userId)), 'application/json', sign);
}

function messageOf(c: ClickInput): Record<string, unknown> {
  return {
    type: 'message',
    user: 'U0BOT',
    ts: c.message.ts,
    bot_id: 'B0BOT',
    text: c.message.text,
    blocks: c.message.blocks,
    ...(c.message.threadTs ? { thread_ts: c.message.threadTs } : {}),
  };
}

export interface ViewSubmissionInput {
  /** The view as views.open recorded it (`fake.workspace.views()`); its id, callback and metadata go back. */
  readonly view: { readonly id: string; readonly view: Record<string, unknown> };
  readonly userId: string;
  readonly userName?: string;
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly enterpriseInstall?: boolean;
  /** Block id → the action's state, e.g. `{ token: { type: 'plain_text_input', value: '…' } }`. */
  readonly values: Record<string, Record<string, unknown>>;
  /** Override what the modal carries back (a forged private_metadata). */
  readonly privateMetadata?: string;
}

export function viewSubmissionPayload(v: ViewSubmissionInput): Record<string, unknown> {
  const teamId = v.teamId ?? 'T0TEAM';
  const stateValues: Record<string, Record<string, unknown>> = {};
  for (const [blockId, state] of Object.entries(v.values)) stateValues[blockId] = { [blockId]: state };
  return {
    type: 'view_submission',
    team: { id: teamId, domain: 'fake', ...(v.enterpriseId ? { enterprise_id: v.enterpriseId } : {}) },
    user: {
      id: v.userId,
      username: v.userName ?? v.userId.toLowerCase(),
      name: v.userName ?? v.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    trigger_id: nextTrigger(),
    enterprise: v.enterpriseId ? { id: v.enterpriseId, name: 'Fake Org' } : null,
    is_enterprise_install: v.enterpriseInstall === true,
    view: {
      ...v.view.view,
      id: v.view.id,
      team_id: teamId,
      type: 'modal',
      private_metadata: v.privateMetadata ?? v.view.view.private_metadata ?? '',
      state: { values: stateValues },
      hash: `h${v.view.id}`,
      app_id: 'A0FAKE',
      bot_id: 'B0BOT',
    },
    response_urls: [],
  };
}

/** Submit a modal; the delivery's body is the bot's ack (`{response_action:'errors', …}` or empty). */
export function submitView(botUrl: string, v: ViewSubmissionInput, sign: SignOptions): Promise<SlackDelivery> {
  const body = new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(v)) }).toString();
  return postSigned(botUrl, body, 'application/x-www-form-urlencoded', sign);
}

export interface WorkspaceEventInput {
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly enterpriseInstall?: boolean;
}

/** An Events API callback for one workspace (app_uninstalled, tokens_revoked, …). */
export function workspaceEventPayload(event: Record<string, unknown>, w: WorkspaceEventInput): Record<string, unknown> {
  const enterpriseInstall = w.enterpriseInstall === true;
  return {
    token: 'deprecated-verification-token',
    ...(w.teamId ? { team_id: w.teamId } : {}),
    ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
    api_app_id: 'A0FAKE',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: `Ev${Date.now()}${++triggerCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    is_ext_shared_channel: false,
    ...(enterpriseInstall ? { is_enterprise_install: true } : {}),
    authorizations: [
      {
        ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
        team_id: enterpriseInstall ? null : (w.teamId ?? null),
        user_id: 'U0BOT',
        is_bot: true,
        is_enterprise_install: enterpriseInstall,
      },
    ],
  };
}

export function sendAppUninstalled(botUrl: string, w: WorkspaceEventInput, sign: SignOptions): Promise<SlackDelivery> {
  return postSigned(
    botUrl,
    JSON.stringify(workspaceEventPayload({ type: 'app_uninstalled' }, w)),
    'application/json',
    sign,
  );
}

export function sendTokensRevoked(
  botUrl: string,
  w: WorkspaceEventInput,
  tokens: { readonly bot?: readonly string[]; readonly oauth?: readonly string[] },
  sign: SignOptions,
): Promise<SlackDelivery> {
  const event = { type: 'tokens_revoked', tokens: { bot: [...(tokens.bot ?? [])], oauth: [...(tokens.oauth ?? [])] } };
  return postSigned(botUrl, JSON.stringify(workspaceEventPayload(event, w)), 'application/json', sign);
}
