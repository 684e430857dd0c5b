/**
 * The Discord adapter: a discord.js client with only the Guilds intent (interactions need no
 * intent; Guilds keeps roles cached for the approver check and brings guildCreate/guildDelete).
 * It wires the client's events to their handlers and owns the lifecycle (start, stop, health);
 * each interaction is handled in interactions.ts (verify the server, normalise, defer so the
 * 3-second deadline holds however slow ModelsLab is, hand it to core's inbound port, which tracks
 * the work so shutdown waits for its card edits and DMs).
 *
 * Many servers: without a configured guild the bot serves every server it is in; each event
 * carries its guild id (ConversationRef.workspaceId) and core's router picks the tenant; joins and
 * removals are guild-events.ts, each server's messenger guild-messengers.ts.
 *
 * Gateway off (`gateway: false`, DISCORD_GATEWAY=off): the same bot token, REST only. The process
 * posts, edits and DMs (its watcher's receipts) but never opens a gateway session: one gateway
 * session per shard, or Discord delivers every interaction to each of them (rest-only.ts).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction, Status } from 'discord.js';
import { DEFAULT_LOCALE, localeOf, type Texts, textsFor } from '../../src/core/shared/i18n.ts';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { clearGlobalCommands } from './commands.ts';
import { createGuildCommands } from './guild-commands.ts';
import { createGuildEvents } from './guild-events.ts';
import { createGuildMessengers } from './guild-messengers.ts';
import { createInteractionHandler } from './interactions.ts';
import type { DiscordAdapter, DiscordAdapterOptions } from './options.ts';
import { restAuthenticates, startRestOnly } from './rest-only.ts';

export type { DiscordAdapter, DiscordAdapterOptions, GuildJoined } from './options.ts';

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger;
  const messages = options.messages ?? createMessageFormatter();
  /** The adapter's own answers speak the interaction's language (Discord sends the member's client locale). */
  const textsOf = (interaction: Interaction): Texts =>
    textsFor(
      messages,
      localeOf(interaction.locale) ?? localeOf(interaction.guildLocale ?? undefined) ?? DEFAULT_LOCALE,
    );
  const gatewayOn = options.gateway ?? true;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      ...(options.restTimeoutMs ? { timeout: options.restTimeoutMs } : {}),
    },
    allowedMentions: { parse: [], repliedUser: false },
  });
  const messengers = createGuildMessengers(options, client, gatewayOn);
  const commands = createGuildCommands(options, client.rest, () => client.guilds.cache.keys());
  const guilds = createGuildEvents({ options, commands, forget: messengers.forget });
  const connected = (): boolean =>
    client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
  let port: InboundPort | undefined;
  const handleInteraction = createInteractionHandler({ options, messengers, textsOf, port: () => port });

  /** Work after a gateway event: tracked by the port (shutdown waits), or logged when it fails. */
  function run(label: string, work: () => Promise<void>): void {
    if (port) port.track(label, work);
    else work().catch((err: unknown) => logger.error({ err, label }, 'discord: work failed'));
  }

  // discord.js re-emits rejected listeners as 'error' (captureRejections): without a listener
  // that would crash the process.
  client.on(Events.Error, (err) => logger.error({ err }, 'discord: client error'));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'discord: gateway disconnected'));
  client.on(Events.ShardResume, () => logger.info('discord: gateway session resumed'));
  client.on(Events.InteractionCreate, (interaction) => {
    // Tracked from arrival (the defer included), so shutdown never misses one between the
    // gateway event and `receive`; before the engine is attached it only gets a "starting up".
    run('discord interaction', () => handleInteraction(interaction));
  });
  // discord.js emits GuildCreate only for a server joined while the session is ready; the
  // servers the bot was already in arrive during start-up as GuildAvailable.
  client.on(Events.GuildCreate, (guild) => run('discord guild joined', () => guilds.joined(guild)));
  client.on(Events.GuildDelete, (guild) => run('discord guild left', () => guilds.left(guild)));
  // A server that added the bot while the gateway was down (a new session, not a resume) comes in
  // the new READY, which discord.js files silently (GuildAvailable, never GuildCreate): each
  // server not seen before is a join.
  client.on(Events.ShardReady, () => {
    for (const guild of guilds.unseen(client.guilds.cache.values()))
      run('discord guild joined', () => guilds.joined(guild));
  });

  return {
    messenger: messengers.messenger,
    messengerFor: messengers.messengerFor,
    attach(p) {
      port = p;
    },
    async start() {
      if (!gatewayOn) {
        await startRestOnly(client, options.token, logger).catch(async (err: unknown) => {
          await client.destroy();
          throw err;
        });
        return;
      }
      const ready = once(client, Events.ClientReady);
      try {
        await client.login(options.token);
        await ready;
        guilds.started(client.guilds.cache.keys());
        if (options.perGuildCommands && !options.guildId) {
          // Global commands left by an earlier global set-up would show every command twice.
          await clearGlobalCommands(options, client.rest);
          // In the background: thousands of servers must not hold the start (each PUT is idempotent).
          run('discord command registration', commands.registerInEveryGuild);
        } else await commands.registerIn(options.guildId);
      } catch (err) {
        await client.destroy();
        throw err;
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord: connected');
    },
    async stop() {
      await client.destroy();
    },
    guildLocale: (guildId) => client.guilds.cache.get(guildId)?.preferredLocale || undefined,
    connected,
    async healthy() {
      return gatewayOn ? connected() : restAuthenticates(client.rest);
    },
  };
}
