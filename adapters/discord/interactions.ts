/**
 * One interaction, from arrival to core's inbound port: only commands, buttons and modal submits;
 * a server this bot does not serve is refused; the interaction is normalised, then deferred
 * (first-response.ts) unless core's `opensForm` says it may open a form, so the modal can be its
 * first response (responder.ts); a modal submit goes through its check first (modal-submit.ts).
 */
import { type Interaction, MessageFlags } from 'discord.js';
import type { Texts } from '../../src/core/shared/i18n.ts';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import { acknowledge } from './first-response.ts';
import type { GuildMessengers } from './guild-messengers.ts';
import type { DiscordMessenger } from './messenger.ts';
import { handleSubmit } from './modal-submit.ts';
import { type HandledInteraction, servesGuild, toInboundEvent } from './normalize.ts';
import type { DiscordAdapterOptions } from './options.ts';
import { FIRST_RESPONSE_DEADLINE_MS, InteractionResponder } from './responder.ts';

export interface InteractionHandlerDeps {
  readonly options: DiscordAdapterOptions;
  readonly messengers: GuildMessengers;
  /** The adapter's own answers in the interaction's language. */
  readonly textsOf: (interaction: Interaction) => Texts;
  /** The attached inbound port, read per interaction (undefined until `attach`). */
  readonly port: () => InboundPort | undefined;
}

export function createInteractionHandler(deps: InteractionHandlerDeps): (interaction: Interaction) => Promise<void> {
  const { options, messengers, textsOf } = deps;
  const logger = options.logger;
  const { messenger, messengerFor, approverRolesFor, fallbackRolesFor } = messengers;

  /** The event with the actor's approver status from the server's own roles. */
  async function resolveEvent(interaction: HandledInteraction, receivedAt: number): Promise<InboundEvent | undefined> {
    const roles = interaction.guildId ? await approverRolesFor(interaction.guildId) : [];
    const fallbackRoleIds = interaction.guildId ? await fallbackRolesFor(interaction.guildId) : [];
    return toInboundEvent(interaction, { approverRoleIds: roles, fallbackRoleIds }, receivedAt);
  }

  const submitDeps = { logger, metrics: options.metrics, messenger, textsOf, resolveEvent };

  return async function handleInteraction(interaction: Interaction): Promise<void> {
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
    const target = deps.port();
    if (!shape || !target) {
      await interaction.reply({
        content: textsOf(interaction).t(target ? 'adapters.discord_not_mine' : 'adapters.discord_starting'),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const guildMessenger = interaction.guildId ? messengerFor(interaction.guildId) : messenger;
    const responderDeps = {
      render: (reply: Parameters<DiscordMessenger['render']>[0]) => guildMessenger.renderFor(reply),
      messenger: guildMessenger,
      logger,
    };
    if (interaction.isModalSubmit()) {
      await handleSubmit(
        submitDeps,
        interaction,
        shape.kind === 'form' ? shape.form : undefined,
        target,
        responderDeps,
        receivedAt,
      );
      return;
    }
    const opens = options.opensForm?.(shape) ?? false;
    if (!opens && !(await acknowledge(interaction, logger, options.metrics, receivedAt))) return;
    const responder = new InteractionResponder(interaction, shape.conversation, responderDeps, {
      acknowledged: !opens,
      receivedAt,
      deadlineMs: options.firstResponseDeadlineMs ?? FIRST_RESPONSE_DEADLINE_MS,
    });
    // Returns at once; the port tracks the work (app shutdown awaits it) and calls `finish`.
    target.receive(() => resolveEvent(interaction, receivedAt), responder);
  };
}
