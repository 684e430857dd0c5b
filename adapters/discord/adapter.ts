/**
 * The Discord adapter: a discord.js client with only the Guilds intent (interactions need no
 * intent; Guilds keeps roles cached for the approver check and brings guildCreate/guildDelete).
 * It verifies the server, normalises the interaction, defers it (the 3-second deadline holds
 * however slow ModelsLab is) and hands it to core's inbound port, which tracks the work so
 * shutdown waits for its card edits and DMs.
 *
 * Many servers: without a configured guild the bot serves every server it is in; each event
 * carries its guild id (ConversationRef.workspaceId) and core's router picks the tenant. An event
 * that may open a form (core's `opensForm`) is not deferred, so the modal can be its first
 * response (responder.ts); a modal submit is checked (`checkForm`) before it is acknowledged.
 *
 * Gateway off (`gateway: false`, DISCORD_GATEWAY=off): the same bot token, REST only. The process
 * posts, edits and DMs (its watcher's receipts) but never opens a gateway session: one gateway
 * session per shard, or Discord delivers every interaction to each of them (rest-only.ts).
 */
import { once } from 'node:events';
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Guild,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  Status,
} from 'discord.js';
import type { FieldErrors, FormName } from '../../src/core/shared/forms.ts';
import { DEFAULT_LOCALE, localeOf, type MessageFormatter, type Texts, textsFor } from '../../src/core/shared/i18n.ts';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Logger, Messenger, Metrics } from '../../src/core/shared/ports.ts';
import type { FormEvent, InboundEvent } from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { clearGlobalCommands, registerCommands } from './commands.ts';
import { formErrorsReply } from './forms.ts';
import { DiscordMessenger, type DiscordMessengerDeps } from './messenger.ts';
import { type HandledInteraction, servesGuild, toInboundEvent } from './normalize.ts';
import { FIRST_RESPONSE_DEADLINE_MS, InteractionResponder } from './responder.ts';
import { restAuthenticates, restDmChannels, startRestOnly } from './rest-only.ts';

/** How long a modal submit's check (`checkForm`) may take before the submit is acknowledged anyway. */
const CHECK_FORM_BUDGET_MS = 2_000;
/** Per-guild command registrations at start run this many at a time (Discord limits per route). */
const REGISTER_CONCURRENCY = 4;

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
  // A settings read that fails resolves to no fallback roles: nobody gains approval rights by it.
  const fallbackRolesFor = async (guildId: string | undefined): Promise<readonly string[]> =>
    options.fallbackApproversFor
      ? options.fallbackApproversFor(guildId).catch((err: unknown) => {
          logger.warn({ err }, 'discord: could not read the fallback approver roles');
          return [];
        })
      : [];
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
  const connected = (): boolean =>
    client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
  let port: InboundPort | undefined;
  /** The servers this process has seen the bot in; `started` once the first session is ready. */
  const known = new Set<string>();
  let started = false;

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
  client.on(Events.GuildCreate, (guild) => run('discord guild joined', () => guildJoined(guild)));
  client.on(Events.GuildDelete, (guild) => run('discord guild left', () => guildLeft(guild)));
  // A server that added the bot while the gateway was down (a new session, not a resume) comes in
  // the new READY, which discord.js files silently (GuildAvailable, never GuildCreate): each
  // server not seen before is a join.
  client.on(Events.ShardReady, () => {
    if (!started) return;
    for (const guild of client.guilds.cache.values())
      if (!known.has(guild.id)) run('discord guild joined', () => guildJoined(guild));
  });

  async function guildJoined(guild: Guild): Promise<void> {
    if (known.has(guild.id)) return;
    known.add(guild.id);
    if (options.guildId && guild.id !== options.guildId) {
      logger.warn({ guild: guild.id }, 'discord: added to a server this bot does not serve (DISCORD_GUILD_ID is set)');
      return;
    }
    logger.info({ guild: guild.id }, 'discord: added to a server');
    // One failing does not stop the other: the owner still gets the welcome without commands, and
    // the commands reach the server even when the welcome cannot be sent.
    const registered =
      options.perGuildCommands && !options.guildId
        ? registerIn(guild.id).catch((err: unknown) =>
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
  }

  async function guildLeft(guild: Guild): Promise<void> {
    // An outage makes a server unavailable (discord.js emits GuildUnavailable for it); only a
    // real removal stops that server's work.
    if (guild.available === false) return;
    known.delete(guild.id);
    if (options.guildId && guild.id !== options.guildId) return;
    guildMessengers.delete(guild.id);
    logger.info({ guild: guild.id }, 'discord: removed from a server');
    await options.onGuildLeft?.(guild.id);
  }

  async function registerIn(guildId: string | undefined): Promise<void> {
    await registerCommands(
      {
        token: options.token,
        applicationId: options.applicationId,
        guildId,
        maxFundUsd: options.maxFundUsd,
        logger,
      },
      client.rest,
    );
  }

  /** Each server the bot is in, a few at a time; a failure is logged and the rest go on. */
  async function registerInEveryGuild(): Promise<void> {
    const pending = [...client.guilds.cache.keys()];
    const worker = async () => {
      for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
        await registerIn(id).catch((err: unknown) =>
          logger.error({ err, guild: id }, 'discord: could not register the commands in a server'),
        );
      }
    };
    await Promise.all(Array.from({ length: REGISTER_CONCURRENCY }, worker));
  }

  /** The event with the actor's approver status from the server's own roles. */
  async function resolveEvent(interaction: HandledInteraction, receivedAt: number): Promise<InboundEvent | undefined> {
    const roles = interaction.guildId ? await approverRolesFor(interaction.guildId) : [];
    const fallbackRoleIds = interaction.guildId ? await fallbackRolesFor(interaction.guildId) : [];
    return toInboundEvent(interaction, { approverRoleIds: roles, fallbackRoleIds }, receivedAt);
  }

  async function handleInteraction(interaction: Interaction): Promise<void> {
    const receivedAt = Date.now();
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
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
      await interaction.reply({
        content: textsOf(interaction).t('adapters.discord_foreign_server'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    // What the interaction is (no lookups): enough to refuse a stranger and to ask `opensForm`,
    // which depends on the command or action, not on the actor's roles.
    const shape = toInboundEvent(interaction, { approverRoleId: options.approverRoleId }, receivedAt);
    const target = port;
    if (!shape || !target) {
      await interaction.reply({
        content: textsOf(interaction).t(target ? 'adapters.discord_not_mine' : 'adapters.discord_starting'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const guildMessenger = interaction.guildId ? messengerFor(interaction.guildId) : messenger;
    const deps = {
      render: (reply: Parameters<DiscordMessenger['render']>[0]) => guildMessenger.renderFor(reply),
      messenger: guildMessenger,
      logger,
    };
    if (interaction.isModalSubmit()) {
      await handleSubmit(interaction, shape.kind === 'form' ? shape.form : undefined, target, deps, receivedAt);
      return;
    }
    const opens = options.opensForm?.(shape) ?? false;
    if (!opens) {
      if (!(await acknowledge(interaction))) return;
      options.metrics?.ackLatency('discord', (Date.now() - receivedAt) / 1000);
    }
    const responder = new InteractionResponder(interaction, shape.conversation, deps, {
      acknowledged: !opens,
      receivedAt,
      deadlineMs: options.firstResponseDeadlineMs ?? FIRST_RESPONSE_DEADLINE_MS,
    });
    // Returns at once; the port tracks the work (app shutdown awaits it) and calls `finish`.
    target.receive(() => resolveEvent(interaction, receivedAt), responder);
  }

  /**
   * A modal submit: checked first (Discord shows no errors inside a modal, so a refusal is a
   * private message with each field's rule, and nothing reaches the engine), then deferred and
   * handed over. A check slower than CHECK_FORM_BUDGET_MS is not waited for: the engine refuses
   * an invalid submission itself.
   */
  async function handleSubmit(
    interaction: ModalSubmitInteraction,
    form: FormName | undefined,
    target: InboundPort,
    deps: ConstructorParameters<typeof InteractionResponder>[2],
    receivedAt: number,
  ): Promise<void> {
    const resolved = resolveEvent(interaction, receivedAt) as Promise<FormEvent | undefined>;
    const checked = (async (): Promise<FieldErrors | undefined> => {
      const event = await resolved;
      return event && target.checkForm ? target.checkForm(event) : undefined;
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, receivedAt + CHECK_FORM_BUDGET_MS - Date.now()));
    });
    const errors = await Promise.race([checked, late])
      .catch((err: unknown) => {
        logger.warn({ err, interactionId: interaction.id }, 'discord: could not check a form; the engine will');
        return undefined;
      })
      .finally(() => clearTimeout(timer));
    checked.catch(() => {}); // a late failure was already reported above or is the engine's now
    if (errors && errors !== 'late' && Object.keys(errors).length > 0) {
      // Rendered without a role lookup: a refusal pings nobody, and the 3 s are running.
      const message = messenger.render(
        formErrorsReply(textsOf(interaction), errors, form, (await resolved.catch(() => undefined))?.context),
      );
      await interaction.reply({
        content: message.content,
        embeds: message.embeds,
        components: message.components,
        allowedMentions: { parse: [] },
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (!(await acknowledge(interaction))) return;
    options.metrics?.ackLatency('discord', (Date.now() - receivedAt) / 1000);
    const conversation = (await resolved.catch(() => undefined))?.conversation;
    const responder = new InteractionResponder(
      interaction,
      conversation ?? { platform: 'discord', channelId: interaction.channelId ?? '' },
      deps,
    );
    target.receive(() => resolved, responder);
  }

  /** The initial response, within Discord's 3 s: a private "thinking…" for commands and submits, a silent ack for buttons. */
  async function acknowledge(
    interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
  ): Promise<boolean> {
    try {
      if (interaction.isButton()) await interaction.deferUpdate();
      else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      return true;
    } catch (err) {
      // Usually 10062 Unknown interaction: we were too late and Discord already told the member it failed.
      logger.warn({ err, interactionId: interaction.id }, 'discord: could not acknowledge an interaction');
      return false;
    }
  }

  return {
    messenger,
    messengerFor,
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
        for (const id of client.guilds.cache.keys()) known.add(id);
        started = true;
        if (options.perGuildCommands && !options.guildId) {
          // Global commands left by an earlier global set-up would show every command twice.
          await clearGlobalCommands(options, client.rest);
          // In the background: thousands of servers must not hold the start (each PUT is idempotent).
          run('discord command registration', registerInEveryGuild);
        } else await registerIn(options.guildId);
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
