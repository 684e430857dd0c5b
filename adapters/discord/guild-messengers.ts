/**
 * One messenger per server: the same bot token, mentioning that server's approver roles (and its
 * fallback approvers for escalated requests). Roles are read per post, through the options'
 * lookups; a failed fallback lookup grants nobody anything.
 */
import type { Client } from 'discord.js';
import { DiscordMessenger } from './messenger.ts';
import type { DiscordAdapterOptions } from './options.ts';
import { restDmChannels } from './rest-only.ts';

export interface GuildMessengers {
  /** Posts with the configured approver role (single-team mode). */
  readonly messenger: DiscordMessenger;
  /** The server's messenger, built once and kept until the bot leaves the server. */
  messengerFor(guildId: string): DiscordMessenger;
  /** The bot left the server: drop its messenger. */
  forget(guildId: string): void;
  approverRolesFor(guildId: string): Promise<readonly string[]>;
  fallbackRolesFor(guildId: string | undefined): Promise<readonly string[]>;
}

export function createGuildMessengers(
  options: DiscordAdapterOptions,
  client: Client,
  gatewayOn: boolean,
): GuildMessengers {
  const logger = options.logger;
  // A settings read that fails resolves to no fallback roles: nobody gains approval rights by it.
  const fallbackRolesFor = async (guildId: string | undefined): Promise<readonly string[]> =>
    options.fallbackApproversFor
      ? options.fallbackApproversFor(guildId).catch((err: unknown) => {
          logger.warn({ err }, 'discord: could not read the fallback approver roles');
          return [];
        })
      : [];
  const messenger = new DiscordMessenger({
    rest: client.rest,
    dmChannelOf: gatewayOn ? async (userId) => (await client.users.createDM(userId)).id : restDmChannels(client.rest),
    approverRoleId: options.approverRoleId,
    ...(options.fallbackApproversFor ? { fallbackRoles: () => fallbackRolesFor(undefined) } : {}),
    logger,
    postJournal: options.postJournal,
  });
  const configuredRoles: readonly string[] = options.approverRoleId ? [options.approverRoleId] : [];
  const approverRolesFor = options.approverRolesFor ?? (async () => configuredRoles);
  const guildMessengers = new Map<string, DiscordMessenger>();
  const messengerFor = (guildId: string): DiscordMessenger => {
    let found = guildMessengers.get(guildId);
    if (!found) {
      found = messenger.withApprovers(
        () => approverRolesFor(guildId),
        () => fallbackRolesFor(guildId),
      );
      guildMessengers.set(guildId, found);
    }
    return found;
  };
  return {
    messenger,
    messengerFor,
    forget: (guildId) => {
      guildMessengers.delete(guildId);
    },
    approverRolesFor,
    fallbackRolesFor,
  };
}
