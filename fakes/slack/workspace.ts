/**
 * The state behind the fake Slack: the messages the bot posted (with every edit), DM channels,
 * uploaded files, and the Web API methods that read and change them, answering as Slack does.
 */
import { FakeTenancy, type OAuthAppOptions, type TokenOwner } from './tenancy.ts';

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: unknown[];
  readonly threadTs?: string;
  /** Set for chat.postEphemeral: only this user saw it. */
  readonly ephemeralFor?: string;
  /** Every version, oldest first (the post, then each chat.update). */
  readonly versions: Array<{ text: string; blocks: unknown[] }>;
  /** chat.postMessage `metadata` as sent (`{event_type, event_payload}`). */
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Epoch ms at which Slack stored it (before any answer went back). */
  readonly postedAt: number;
}

export interface UploadedFile {
  readonly fileId: string;
  readonly filename: string;
  content?: string;
  /** The uploaded bytes as received (a PNG stays binary; `content` is their UTF-8 reading). */
  bytes?: Buffer;
  channelId?: string;
  threadTs?: string;
}

export interface OpenedView {
  readonly id: string;
  readonly triggerId: string;
  readonly view: Record<string, unknown>;
  /** The workspace whose token opened it. */
  readonly team?: string;
  readonly userToken?: string;
  readonly at: number;
}

export interface FakeSlackOptions {
  /** Distribution (OAuth v2): the app's client id and secret. */
  readonly oauth?: OAuthAppOptions;
  readonly botToken?: string;
  readonly appToken?: string;
  readonly teamId?: string;
  /** The Enterprise Grid org the workspace belongs to; auth.test names it when set. */
  readonly enterpriseId?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  /** User-group id → member ids, for usergroups.users.list. */
  readonly groups?: Record<string, string[]>;
  /** Users that are bots: conversations.open answers `cannot_dm_bot`. */
  readonly bots?: readonly string[];
  /** Channels the bot was not invited to: posts answer `not_in_channel`. */
  readonly closedChannels?: readonly string[];
}

export type Method = (params: Record<string, unknown>, caller?: TokenOwner) => Record<string, unknown>;

/** Slack honours a trigger_id for 3 s; the driver's ids start with the epoch ms they were made at. */
const TRIGGER_LIFETIME_MS = 3_000;

type Defaults = 'botToken' | 'appToken' | 'teamId' | 'botUserId' | 'botId';

export class SlackWorkspace {
  readonly options: Required<Pick<FakeSlackOptions, Defaults>> & FakeSlackOptions;
  /** The fake's base URL, once listening (upload URLs and Socket Mode URLs point at it). */
  url = '';
  readonly #messages: StoredMessage[] = [];
  readonly #uploads = new Map<string, UploadedFile>();
  readonly #dms = new Map<string, string>();
  readonly #homeViews = new Map<string, { blocks: unknown[] }>();
  readonly #views: OpenedView[] = [];
  readonly #usedTriggers = new Set<string>();
  readonly tenancy: FakeTenancy;
  #tsCounter = 0;
  #idCounter = 0;

  constructor(options: FakeSlackOptions) {
    this.options = {
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      teamId: 'T0TEAM',
      botUserId: 'U0BOT',
      botId: 'B0BOT',
      ...options,
    };
    this.tenancy = new FakeTenancy(options.oauth);
    // The single-token tests' workspace: the token the fake was started with.
    this.tenancy.addToken({
      token: this.options.botToken,
      kind: 'bot',
      teamId: this.options.teamId,
      ...(this.options.enterpriseId ? { enterpriseId: this.options.enterpriseId } : {}),
      orgWide: false,
      userId: 'U0INSTALLER',
    });
  }

  /** Modals opened with views.open, oldest first. */
  views(): OpenedView[] {
    return [...this.#views];
  }

  /** Like Slack's: epoch seconds, then a unique fraction (history's `oldest` compares against it). */
  nextTs(): string {
    this.#tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.#tsCounter * 100).padStart(6, '0')}`;
  }

  nextId(): number {
    this.#idCounter += 1;
    return this.#idCounter;
  }

  messages(channel?: string): StoredMessage[] {
    return this.#messages.filter((m) => channel === undefined || m.channel === channel);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.#messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Slack removed the message (delete_original); it no longer shows anywhere. */
  remove(channel: string, ts: string): void {
    const i = this.#messages.findIndex((m) => m.channel === channel && m.ts === ts);
    if (i !== -1) this.#messages.splice(i, 1);
  }

  dmChannelOf(userId: string): string {
    let id = this.#dms.get(userId);
    if (!id) {
      id = `D${String(this.#dms.size + 1).padStart(4, '0')}${userId.slice(1, 6)}`;
      this.#dms.set(userId, id);
      this.tenancy.addDm(id, userId);
    }
    return id;
  }

  uploads(): UploadedFile[] {
    return [...this.#uploads.values()];
  }

  homeView(userId: string): { blocks: unknown[] } | undefined {
    return this.#homeViews.get(userId);
  }

  upload(fileId: string): UploadedFile | undefined {
    return this.#uploads.get(fileId);
  }

  #listed(m: StoredMessage, p: Record<string, unknown>): Record<string, unknown> {
    const withMeta = String(p.include_all_metadata) === 'true' && m.metadata;
    return {
      type: 'message',
      ts: m.ts,
      text: m.text,
      blocks: m.blocks,
      bot_id: this.options.botId,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(withMeta ? { metadata: m.metadata } : {}),
    };
  }

  /** Newest first, between `oldest` and `latest` (inclusive), at most `limit` (Slack's default 100). */
  #page(messages: StoredMessage[], p: Record<string, unknown>): Record<string, unknown> {
    const oldest = p.oldest === undefined ? 0 : Number(p.oldest);
    const latest = p.latest === undefined ? Number.POSITIVE_INFINITY : Number(p.latest);
    const limit = p.limit === undefined ? 100 : Number(p.limit);
    const inRange = messages
      .filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    return { messages: inRange.slice(0, limit).map((m) => this.#listed(m, p)), has_more: inRange.length > limit };
  }

  #resolveChannel(channel: string): string {
    return /^[UW]/.test(channel) ? this.dmChannelOf(channel) : channel;
  }

  readonly methods: Record<string, Method> = {
    'auth.test': (_p, caller) => {
      if (caller && caller.token !== this.options.botToken) {
        const home = caller.orgWide ? caller.enterpriseId : caller.teamId;
        return {
          url: 'https://fake.slack.com/',
          team: `Team ${home}`,
          user: 'mlbot',
          ...(caller.teamId ? { team_id: caller.teamId } : {}),
          ...(caller.enterpriseId ? { enterprise_id: caller.enterpriseId } : {}),
          user_id: `U0BOT${home}`,
          bot_id: `B0BOT${home}`,
          is_enterprise_install: caller.orgWide,
        };
      }
      return {
        url: 'https://fake.slack.com/',
        team: 'Fake Team',
        user: 'mlbot',
        team_id: this.options.teamId,
        ...(this.options.enterpriseId ? { enterprise_id: this.options.enterpriseId } : {}),
        user_id: this.options.botUserId,
        bot_id: this.options.botId,
      };
    },
    'oauth.v2.access': (p) => this.tenancy.access(p),
    // A workspace's token sees its own users only (Slack answers `user_not_found` for the rest);
    // a user never registered belongs to whichever workspace asks.
    'users.info': (p, caller) => {
      const id = String(p.user ?? '');
      if (!/^[UW]/.test(id) || !this.tenancy.canSeeUser(caller, id)) return { ok: false, error: 'user_not_found' };
      const u = this.tenancy.user(id);
      const team = u?.teamId ?? (caller ? caller.teamId : this.options.teamId);
      const enterprise = this.tenancy.enterpriseOf(team) ?? (caller?.orgWide ? caller.enterpriseId : undefined);
      return {
        user: {
          id,
          team_id: team ?? enterprise,
          ...(enterprise ? { enterprise_user: { enterprise_id: enterprise, teams: team ? [team] : [] } } : {}),
          is_admin: u?.admin === true,
          is_owner: u?.owner === true,
          is_primary_owner: u?.primaryOwner === true,
          is_bot: this.options.bots?.includes(id) === true,
          // Slack sends the person's language only when asked.
          ...(isTrue(p.include_locale) ? { locale: u?.locale ?? 'en-US' } : {}),
        },
      };
    },
    // Slack: the trigger is good for 3 s after the action and once.
    'views.open': (p, caller) => {
      const trigger = String(p.trigger_id ?? '');
      const madeAt = Number(trigger.split('.')[0]);
      if (!trigger || !Number.isFinite(madeAt)) return { ok: false, error: 'invalid_trigger_id' };
      if (Date.now() - madeAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
      if (this.#usedTriggers.has(trigger)) return { ok: false, error: 'exchanged_trigger_id' };
      const view = (p.view ?? {}) as Record<string, unknown>;
      if (view.type !== 'modal') return { ok: false, error: 'invalid_arguments' };
      this.#usedTriggers.add(trigger);
      const id = `V${String(this.nextId()).padStart(6, '0')}`;
      const team = caller ? (caller.orgWide ? caller.enterpriseId : caller.teamId) : undefined;
      this.#views.push({ id, triggerId: trigger, view, ...(team ? { team } : {}), at: Date.now() });
      return { view: { id, hash: `h${id}`, team_id: caller?.teamId ?? '', state: { values: {} }, ...view } };
    },
    'chat.postMessage': (p) => {
      const channel = this.#resolveChannel(String(p.channel));
      if (this.options.closedChannels?.includes(channel)) return { ok: false, error: 'not_in_channel' };
      const ts = this.nextTs();
      const text = String(p.text ?? '');
      const blocks = (p.blocks as unknown[] | undefined) ?? [];
      const metadata = p.metadata as StoredMessage['metadata'];
      this.#messages.push({
        channel,
        ts,
        text,
        blocks,
        ...(p.thread_ts ? { threadTs: String(p.thread_ts) } : {}),
        ...(metadata ? { metadata } : {}),
        versions: [{ text, blocks }],
        postedAt: Date.now(),
      });
      return { channel, ts, message: { type: 'message', text, blocks, ts, bot_id: this.options.botId } };
    },
    'chat.update': (p) => {
      const msg = this.message(String(p.channel), String(p.ts));
      if (!msg) return { ok: false, error: 'message_not_found' };
      msg.text = String(p.text ?? '');
      msg.blocks = (p.blocks as unknown[] | undefined) ?? [];
      msg.versions.push({ text: msg.text, blocks: msg.blocks });
      return { channel: msg.channel, ts: msg.ts, text: msg.text };
    },
    'chat.postEphemeral': (p) => {
      const channel = String(p.channel);
      if (this.options.closedChannels?.includes(channel)) return { ok: false, error: 'not_in_channel' };
      const ts = this.nextTs();
      const text = String(p.text ?? '');
      const blocks = (p.blocks as unknown[] | undefined) ?? [];
      this.#messages.push({
        channel,
        ts,
        text,
        blocks,
        ephemeralFor: String(p.user),
        versions: [{ text, blocks }],
        postedAt: Date.now(),
      });
      return { message_ts: ts };
    },
    'chat.delete': (p) => {
      const msg = this.message(String(p.channel), String(p.ts));
      if (!msg) return { ok: false, error: 'message_not_found' };
      this.remove(msg.channel, msg.ts);
      return { channel: msg.channel, ts: msg.ts };
    },
    // Newest first, top-level messages only (thread replies are read with conversations.replies);
    // `metadata` only with include_all_metadata, as Slack does.
    'conversations.history': (p) => {
      const channel = String(p.channel);
      if (this.options.closedChannels?.includes(channel)) return { ok: false, error: 'not_in_channel' };
      const listed = this.#messages.filter((m) => m.channel === channel && !m.threadTs && !m.ephemeralFor);
      return this.#page(listed, p);
    },
    // The parent first, then replies oldest first.
    'conversations.replies': (p) => {
      const channel = String(p.channel);
      const parent = this.message(channel, String(p.ts));
      if (!parent) return { ok: false, error: 'thread_not_found' };
      const replies = this.#messages.filter((m) => m.channel === channel && m.threadTs === parent.ts);
      const page = this.#page(replies, p);
      return { ...page, messages: [this.#listed(parent, p), ...(page.messages as unknown[]).reverse()] };
    },
    // Only reached for a channel the caller can see (fake-slack.ts answers `channel_not_found` first).
    'conversations.info': (p, caller) => {
      const id = String(p.channel ?? '');
      const im = id.startsWith('D');
      return {
        channel: {
          id,
          is_im: im,
          is_channel: id.startsWith('C'),
          is_private: !id.startsWith('C'),
          ...(caller?.teamId ? { context_team_id: caller.teamId } : {}),
        },
      };
    },
    'conversations.open': (p) => {
      const user = String(p.users ?? '');
      if (this.options.bots?.includes(user)) return { ok: false, error: 'cannot_dm_bot' };
      return { channel: { id: this.dmChannelOf(user) } };
    },
    'usergroups.users.list': (p) => {
      const members = this.options.groups?.[String(p.usergroup)];
      return members ? { users: members } : { ok: false, error: 'no_such_subteam' };
    },
    'views.publish': (p) => {
      const view = (p.view ?? {}) as { type?: string; blocks?: unknown[] };
      if (view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
      this.#homeViews.set(String(p.user_id), { blocks: view.blocks ?? [] });
      return { view: { id: `V${this.nextId()}`, ...view } };
    },
    'files.getUploadURLExternal': (p) => {
      const fileId = `F${String(this.nextId()).padStart(6, '0')}`;
      this.#uploads.set(fileId, { fileId, filename: String(p.filename) });
      return { upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (p) => {
      const files = (p.files as Array<{ id: string; title?: string }>) ?? [];
      for (const f of files) {
        const up = this.#uploads.get(f.id);
        if (!up) return { ok: false, error: 'file_not_found' };
        if (p.channel_id) up.channelId = String(p.channel_id);
        if (p.thread_ts) up.threadTs = String(p.thread_ts);
      }
      return { files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
    },
    'apps.connections.open': () => ({ url: `${this.url.replace('http', 'ws')}/link/?ticket=t${this.nextId()}` }),
  };
}

/** A boolean Web API argument: JSON `true`, or form-encoded `"true"`/`"1"` (how @slack/web-api sends it). */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}
