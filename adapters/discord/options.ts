/**
 * What the Discord adapter is given (DiscordAdapterOptions) and what it offers (DiscordAdapter):
 * the contract src/app.ts wires, apart from the code behind it (adapter.ts).
 */
import type { MessageFormatter } from '../../src/core/shared/i18n.ts';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Logger, Messenger, Metrics } from '../../src/core/shared/ports.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import type { DiscordMessengerDeps } from './messenger.ts';

export interface GuildJoined {
  readonly guildId: string;
  readonly ownerId: string;
  readonly name: string;
  /** The server's language (`preferredLocale`, e.g. "es-ES"): a new tenant's default `language`. */
  readonly locale?: string;
}

export interface DiscordAdapterOptions {
  readonly token: string;
  readonly applicationId: string;
  /** Serve this one server only (single-server set-up); unset: every server the bot is in. */
  readonly guildId?: string | undefined;
  readonly apiUrl?: string | undefined;
  readonly approverRoleId?: string | undefined;
  readonly maxFundUsd: number;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  /** @discordjs/rest per-request timeout (its default 15 s; tests shorten it). */
  readonly restTimeoutMs?: number | undefined;
  /** The store's KeyValueStore: post nonces recorded before sending, for a restarted process. */
  readonly postJournal?: DiscordMessengerDeps['postJournal'];
  /**
   * One server's approver roles (workspaces mode: its settings). Members with any approve; an
   * empty list: members with Manage Server do. Default: `[approverRoleId]` when set, else none.
   */
  readonly approverRolesFor?: ((guildId: string) => Promise<readonly string[]>) | undefined;
  /**
   * Issue 17: one server's fallback approver roles (escalated requests go to them; they may decide
   * those). `undefined` guild: single-team mode's configured roles. None when absent.
   */
  readonly fallbackApproversFor?: ((guildId: string | undefined) => Promise<readonly string[]>) | undefined;
  /** The bot was added to a server after start (not the servers it was already in). */
  readonly onGuildJoined?: ((guild: GuildJoined) => Promise<void>) | undefined;
  /** The bot was removed from a server, or the server was deleted (not an outage). */
  readonly onGuildLeft?: ((guildId: string) => Promise<void>) | undefined;
  /**
   * Register the commands in each server (instant) instead of globally (Discord may take a while
   * to show global ones): every server at start, and each server the bot joins.
   */
  readonly perGuildCommands?: boolean | undefined;
  /** Core's `opensForm`: such events are not deferred, so a modal can be their first response. */
  readonly opensForm?: ((event: InboundEvent) => boolean) | undefined;
  /** Overrides the ~2.2 s safety defer of an event that may open a form (tests). */
  readonly firstResponseDeadlineMs?: number | undefined;
  /**
   * false: REST only (posts, edits, DMs with the nonce journal); no gateway session, so no
   * interactions, no command registration, no guild events. Another process holds the gateway.
   * Default true.
   */
  readonly gateway?: boolean | undefined;
  /** The catalog's formatter for the adapter's own answers (default: src/i18n's). */
  readonly messages?: MessageFormatter | undefined;
}

export interface DiscordAdapter {
  /** Posts with the configured approver role (single-team mode). */
  readonly messenger: Messenger;
  /** Posts for one server: the same bot token, mentioning that server's approver roles. */
  messengerFor(guildId: string): Messenger;
  /** Core's inbound port (the engine or the tenant router): every interaction goes there. */
  attach(port: InboundPort): void;
  /**
   * Log in, wait for the gateway to be ready, register the slash commands. Gateway off: check
   * the bot token over REST (GET /users/@me) and open nothing else.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * The server's language as Discord has it (`preferredLocale` from the gateway's guild cache,
   * e.g. "es-ES"; "en-US" for a server that never set one), for channel posts of a tenant with
   * no `language` setting. Undefined when the server is not cached (gateway off, not joined).
   */
  guildLocale(guildId: string): string | undefined;
  /** The gateway session is ready (always false with the gateway off). */
  connected(): boolean;
  /** For /healthz: the gateway session is ready; gateway off, the bot token authenticates over REST. */
  healthy(): Promise<boolean>;
}
