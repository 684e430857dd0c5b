/** What the fake Discord remembers: every REST call, the messages as they stand, scripted faults. */
import type { FakeMember, StoredMessage } from './payloads.ts';

export interface FileUpload {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly text: string;
  /** The part's bytes as received (a PNG stays binary). */
  readonly data: Buffer;
}

export interface RestCall {
  readonly method: string;
  /** Decoded path without the `/api/v10` prefix (`@original`, not `%40original`). */
  readonly path: string;
  readonly query: string;
  readonly auth: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON bodies are read freely by tests
  readonly body: any;
  /** The raw request body as text (multipart included), for "this string appears nowhere" checks. */
  readonly raw: string;
  readonly files: readonly FileUpload[];
  status: number;
  readonly at: number;
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  /** The server it came from (undefined in a DM). */
  readonly guildId?: string;
  /** The member behind it. */
  readonly userId: string;
  /** 2 a command, 3 a click, 5 a modal submit. */
  readonly type: number;
  readonly dispatchedAt: number;
  /** For a button click: the message holding the button (its `@original` once acknowledged). */
  readonly messageId?: string;
  callbackAt?: number;
  // biome-ignore lint/suspicious/noExplicitAny: the callback body as sent
  callback?: any;
}

/** A server in the fake: its own channel and roles; `joined` once the bot is in it. */
export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly channelId: string;
  readonly approverRoleId: string;
  readonly ownerId: string;
  joined: boolean;
  /** GUILD_CREATE `preferred_locale` and each interaction's `guild_locale` (default "en-US"). */
  preferredLocale?: string;
}

/** A modal the bot showed (interaction callback type 9). */
export interface ShownModal {
  readonly interactionId: string;
  readonly at: number;
  // biome-ignore lint/suspicious/noExplicitAny: the modal JSON as sent
  readonly data: any;
}

export interface Fault {
  /** Which calls it hits. */
  readonly match: (method: string, path: string) => boolean;
  remaining: number;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** A call Discord carries out (or loses) and answers late, or never. */
export interface SlowAnswer {
  readonly match: (method: string, path: string) => boolean;
  remaining: number;
  /** Carry the request out before holding the answer back. */
  readonly apply: boolean;
  /** Answer after this long; undefined: never. */
  readonly delayMs?: number;
}

/** How long the fake remembers a nonce sent with `enforce_nonce` (Discord: "a few minutes"). */
export const NONCE_WINDOW_MS = 5 * 60_000;

export class FakeDiscordState {
  readonly calls: RestCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly dmChannelByUser = new Map<string, string>();
  readonly userByDmChannel = new Map<string, string>();
  readonly members = new Map<string, FakeMember>();
  /** Interaction token -> id of its original response message (the deferred reply). */
  readonly originalByToken = new Map<string, string>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Every server, by id (the default one first). */
  readonly guilds = new Map<string, FakeGuild>();
  /** Channel id -> the server it belongs to. */
  readonly guildByChannel = new Map<string, string>();
  readonly modals: ShownModal[] = [];
  readonly commandRegistrations: Array<{ readonly path: string; readonly guildId?: string; readonly body: unknown[] }> =
    [];
  readonly dmsClosedFor = new Set<string>();
  readonly faults: Fault[] = [];
  readonly slow: SlowAnswer[] = [];
  /** nonce → the message it created and when, for `enforce_nonce`. */
  readonly nonces = new Map<string, { readonly messageId: string; readonly at: number }>();

  /** Take the first fault that matches this call, if any. */
  takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && f.match(method, path));
    if (fault) fault.remaining -= 1;
    return fault;
  }

  takeSlow(method: string, path: string): SlowAnswer | undefined {
    const slow = this.slow.find((f) => f.remaining > 0 && f.match(method, path));
    if (slow) slow.remaining -= 1;
    return slow;
  }

  /** What everyone in the channel sees: its messages without the ephemeral ones, oldest first. */
  publicMessages(channelId: string): StoredMessage[] {
    return this.channelMessages(channelId).filter((m) => (m.flags & 64) === 0);
  }

  /** Messages in a channel (or DM channel), ephemeral ones included, oldest first. */
  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }
}
