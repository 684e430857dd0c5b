/**
 * Discord API objects as the fake serves them. Shapes follow what discord.js 14 reads
 * (platforms.md §8): real-looking 17–19 digit snowflakes, because @discordjs/rest derives its
 * rate-limit bucket keys with /\d{17,19}/, and message objects with every field the client parses.
 */

let next = 1_300_000_000_000_000_000n;

/** A fresh 19-digit snowflake. */
export function snowflake(): string {
  next += 1n;
  return String(next);
}

export interface FakeMember {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
  /** Permission bitset the interaction carries (Discord computes it per channel). */
  readonly permissions: bigint;
  /** The member's client language, sent as every interaction's `locale` (default "en-US"). */
  locale?: string;
}

export const PERMISSION = {
  none: 0n,
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
  // what @everyone usually has: view channel, send messages, use application commands
  member: (1n << 10n) | (1n << 11n) | (1n << 31n),
} as const;

export function apiUser(m: Pick<FakeMember, 'id' | 'username'>, bot = false) {
  return { id: m.id, username: m.username, discriminator: '0', global_name: m.username, avatar: null, bot };
}

export function apiMember(m: FakeMember) {
  return {
    user: apiUser(m),
    roles: [...m.roles],
    permissions: String(m.permissions),
    joined_at: '2025-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    premium_since: null,
    communication_disabled_until: null,
  };
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: Array<{ type: number; components?: Array<{ type: number; custom_id?: string; url?: string }> }>;
  attachments: Array<{ id: string; filename: string; content_type?: string; size: number; url: string }>;
  flags: number;
  message_reference?: { message_id: string; channel_id?: string };
  /** Every version of the message, oldest first (the edits the bot made). */
  history: Array<Record<string, unknown>>;
  /** Sent through an interaction webhook rather than the channel route. */
  viaWebhook: boolean;
}

export function apiMessage(msg: StoredMessage, author: ReturnType<typeof apiUser>) {
  return {
    id: msg.id,
    channel_id: msg.channel_id,
    type: msg.message_reference ? 19 : 0,
    content: msg.content,
    author,
    embeds: msg.embeds,
    attachments: msg.attachments,
    components: msg.components,
    timestamp: new Date().toISOString(),
    edited_timestamp: msg.history.length > 1 ? new Date().toISOString() : null,
    flags: msg.flags,
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    ...(msg.message_reference ? { message_reference: msg.message_reference } : {}),
  };
}

export function apiRole(id: string, name: string, position: number) {
  return {
    id,
    name,
    permissions: '0',
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: false,
    mentionable: true,
    flags: 0,
    icon: null,
    unicode_emoji: null,
  };
}

export function apiGuild(init: {
  guildId: string;
  name?: string;
  channelId: string;
  ownerId: string;
  roles: ReadonlyArray<{ id: string; name: string }>;
  members: readonly FakeMember[];
  /** The server's Community language (`preferred_locale`; Discord's default "en-US"). */
  preferredLocale?: string;
}) {
  return {
    id: init.guildId,
    name: init.name ?? 'Fake Guild',
    icon: null,
    owner_id: init.ownerId,
    preferred_locale: init.preferredLocale ?? 'en-US',
    unavailable: false,
    member_count: init.members.length,
    large: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    roles: [apiRole(init.guildId, '@everyone', 0), ...init.roles.map((r, i) => apiRole(r.id, r.name, i + 1))],
    channels: [
      { id: init.channelId, type: 0, name: 'general', guild_id: init.guildId, position: 0, permission_overwrites: [] },
    ],
    members: init.members.map(apiMember),
    emojis: [],
    stickers: [],
    threads: [],
    presences: [],
    voice_states: [],
    features: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
