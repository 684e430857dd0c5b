/**
 * The slash commands put into servers by the running adapter: one server (the configured one, a
 * new one, or globally for `undefined`), or every server the bot is in, a few at a time.
 */
import type { REST } from 'discord.js';
import { registerCommands } from './commands.ts';
import type { DiscordAdapterOptions } from './options.ts';

/** Per-guild command registrations at start run this many at a time (Discord limits per route). */
const REGISTER_CONCURRENCY = 4;

export interface GuildCommands {
  /** The commands in one server; `undefined`: globally. */
  registerIn(guildId: string | undefined): Promise<void>;
  /** Each server the bot is in, a few at a time; a failure is logged and the rest go on. */
  registerInEveryGuild(): Promise<void>;
}

export function createGuildCommands(
  options: DiscordAdapterOptions,
  rest: REST,
  guildIds: () => Iterable<string>,
): GuildCommands {
  const logger = options.logger;

  async function registerIn(guildId: string | undefined): Promise<void> {
    await registerCommands(
      {
        token: options.token,
        applicationId: options.applicationId,
        guildId,
        maxFundUsd: options.maxFundUsd,
        logger,
      },
      rest,
    );
  }

  async function registerInEveryGuild(): Promise<void> {
    const pending = [...guildIds()];
    const worker = async () => {
      for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
        await registerIn(id).catch((err: unknown) =>
          logger.error({ err, guild: id }, 'discord: could not register the commands in a server'),
        );
      }
    };
    await Promise.all(Array.from({ length: REGISTER_CONCURRENCY }, worker));
  }

  return { registerIn, registerInEveryGuild };
}
