/**
 * The Discord adapter: a discord.js client with only the Guilds intent (interactions need no
 * intent; Guilds keeps roles cached for the approver check). It verifies the server, normalises
 * the interaction, defers it (the 3-second deadline holds however slow ModelsLab is) and hands
 * it to core's inbound port, which tracks the work so shutdown waits for its card edits and DMs.
 */
import { once } from 'node:events';
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  Status,
} from 'discord.js';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Logger, Messenger, Metrics } from '../../src/core/shared/ports.ts';
import { registerCommands } from './commands.ts';
import { DiscordMessenger, type DiscordMessengerDeps } from './messenger.ts';
import { servesGuild, toInboundEvent } from './normalize.ts';
import { InteractionResponder } from './responder.ts';

export interface DiscordAdapterOptions {
  readonly token: string;
  readonly applicationId: string;
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
}

export interface DiscordAdapter {
  readonly messenger: Messenger;
  /** Core's inbound port (the engine): every deferred interaction goes there. */
  attach(port: InboundPort): void;
  /** Log in, wait for the gateway to be ready, register the slash commands. */
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
}

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      ...(options.restTimeoutMs ? { timeout: options.restTimeoutMs } : {}),
    },
    allowedMentions: { parse: [], repliedUser: false },
  });
  const messenger = new DiscordMessenger({
    rest: client.rest,
    dmChannelOf: async (userId) => (await client.users.createDM(userId)).id,
    approverRoleId: options.approverRoleId,
    logger,
    postJournal: options.postJournal,
  });
  let port: InboundPort | undefined;

  // discord.js re-emits rejected listeners as 'error' (captureRejections): without a listener
  // that would crash the process.
  client.on(Events.Error, (err) => logger.error({ err }, 'discord: client error'));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'discord: gateway disconnected'));
  client.on(Events.ShardResume, () => logger.info('discord: gateway session resumed'));
  client.on(Events.InteractionCreate, (interaction) => {
    // Tracked from arrival (the defer included), so shutdown never misses one between the
    // gateway event and `receive`; before the engine is attached it only gets a "starting up".
    const work = () => handleInteraction(interaction);
    if (port) port.track('discord interaction', work);
    else work().catch((err: unknown) => logger.error({ err }, 'discord: interaction failed'));
  });

  async function handleInteraction(interaction: Interaction): Promise<void> {
    const receivedAt = Date.now();
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    if (!servesGuild(interaction, options.guildId)) {
      logger.warn(
        {
          guild: interaction.guildId,
          servedGuild: options.guildId,
          user: interaction.user.id,
          interactionId: interaction.id,
        },
        'discord: interaction from a server this bot does not serve: refused, nothing done',
      );
      await interaction.reply({ content: 'This bot does not serve this server.', flags: MessageFlags.Ephemeral });
      return;
    }
    const event = toInboundEvent(interaction, { approverRoleId: options.approverRoleId }, receivedAt);
    if (!event || !port) {
      await interaction.reply({
        content: port ? 'This button or command is not one of mine.' : 'The bot is starting up; try again in a moment.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (!(await acknowledge(interaction))) return;
    options.metrics?.ackLatency('discord', (Date.now() - receivedAt) / 1000);
    const responder = new InteractionResponder(interaction, event.conversation, {
      render: (reply) => messenger.render(reply),
      messenger,
      logger,
    });
    // Returns at once; the port tracks the work (app shutdown awaits it) and calls `finish`.
    port.receive(event, responder);
  }

  /** The initial response, within Discord's 3 s: a private "thinking…" for commands, a silent ack for buttons. */
  async function acknowledge(interaction: ChatInputCommandInteraction | ButtonInteraction): Promise<boolean> {
    try {
      if (interaction.isChatInputCommand()) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      else await interaction.deferUpdate();
      return true;
    } catch (err) {
      // Usually 10062 Unknown interaction: we were too late and Discord already told the member it failed.
      logger.warn({ err, interactionId: interaction.id }, 'discord: could not acknowledge an interaction');
      return false;
    }
  }

  return {
    messenger,
    attach(p) {
      port = p;
    },
    async start() {
      const ready = once(client, Events.ClientReady);
      try {
        await client.login(options.token);
        await ready;
        await registerCommands(
          {
            token: options.token,
            applicationId: options.applicationId,
            guildId: options.guildId,
            maxFundUsd: options.maxFundUsd,
            logger,
          },
          client.rest,
        );
      } catch (err) {
        await client.destroy();
        throw err;
      }
      logger.info({ user: client.user?.tag }, 'discord: connected');
    },
    async stop() {
      await client.destroy();
    },
    connected() {
      return client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
    },
  };
}
