/**
 * The bot joining and leaving servers. discord.js emits GuildCreate only for a server joined
 * while the session is ready (the servers it was already in arrive as GuildAvailable), and a
 * server that added the bot while the gateway was down comes in a new READY: so this keeps the
 * servers seen so far, and each one not seen before is a join. An outage is not a removal.
 */
import type { Guild } from 'discord.js';
import type { GuildCommands } from './guild-commands.ts';
import type { DiscordAdapterOptions } from './options.ts';

export interface GuildEvents {
  /** The first session is ready: these are the servers the bot was already in (no joins). */
  started(guildIds: Iterable<string>): void;
  /** A new session is ready: the cached servers not seen before (joined while the gateway was down). */
  unseen(guilds: Iterable<Guild>): Guild[];
  joined(guild: Guild): Promise<void>;
  left(guild: Guild): Promise<void>;
}

export interface GuildEventsDeps {
  readonly options: DiscordAdapterOptions;
  readonly commands: GuildCommands;
  /** The bot left the server: drop its messenger. */
  readonly forget: (guildId: string) => void;
}

export function createGuildEvents({ options, commands, forget }: GuildEventsDeps): GuildEvents {
  const logger = options.logger;
  /** The servers this process has seen the bot in; `isStarted` once the first session is ready. */
  const known = new Set<string>();
  let isStarted = false;

  return {
    started(guildIds) {
      for (const id of guildIds) known.add(id);
      isStarted = true;
    },
    unseen(guilds) {
      if (!isStarted) return [];
      return [...guilds].filter((guild) => !known.has(guild.id));
    },
    async joined(guild) {
      if (known.has(guild.id)) return;
      known.add(guild.id);
      if (options.guildId && guild.id !== options.guildId) {
        logger.warn(
          { guild: guild.id },
          'discord: added to a server this bot does not serve (DISCORD_GUILD_ID is set)',
        );
        return;
      }
      logger.info({ guild: guild.id }, 'discord: added to a server');
      // One failing does not stop the other: the owner still gets the welcome without commands, and
      // the commands reach the server even when the welcome cannot be sent.
      const registered =
        options.perGuildCommands && !options.guildId
          ? commands
              .registerIn(guild.id)
              .catch((err: unknown) =>
                logger.error({ err, guild: guild.id }, 'discord: could not register the commands in a new server'),
              )
          : undefined;
      await options.onGuildJoined?.({
        guildId: guild.id,
        ownerId: guild.ownerId,
        name: guild.name,
        ...(guild.preferredLocale ? { locale: guild.preferredLocale } : {}),
      });
      await registered;
    },
    async left(guild) {
      // An outage makes a server unavailable (discord.js emits GuildUnavailable for it); only a
      // real removal stops that server's work.
      if (guild.available === false) return;
      known.delete(guild.id);
      if (options.guildId && guild.id !== options.guildId) return;
      forget(guild.id);
      logger.info({ guild: guild.id }, 'discord: removed from a server');
      await options.onGuildLeft?.(guild.id);
    },
  };
}
