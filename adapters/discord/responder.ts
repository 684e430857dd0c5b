/**
 * Answers the member behind one interaction, after the adapter deferred it.
 * - Ephemeral replies: the deferred reply of a command is edited (`editReply`) once; anything
 *   more, and every ephemeral answer to a button, is an ephemeral follow-up.
 * - Public replies become ordinary channel messages (REST, bot token): they outlive the
 *   15-minute interaction token and can be edited later, which a subscribe panel needs.
 * - `replaceOriginal` edits the clicked message in place through the interaction (pagers, confirm steps).
 * - `dismiss` removes a private clicked message ("Never mind").
 * When a command got no ephemeral answer, `finish` (called by core's inbound port once the
 * engine is done) deletes the "thinking…" placeholder.
 */
import { AttachmentBuilder, type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { Logger, Messenger, Responder } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ConversationRef } from '../../src/core/shared/types.ts';
import type { RenderedMessage } from './render.ts';

export interface ResponderDeps {
  readonly render: (reply: Reply) => RenderedMessage;
  /** `postReply` when the messenger has one: a public answer is not journaled (DiscordMessenger). */
  readonly messenger: Messenger & { postReply?(to: ConversationRef, reply: Reply): Promise<unknown> };
  readonly logger: Logger;
}

function interactionOptions(message: RenderedMessage) {
  return {
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    allowedMentions: {
      parse: [],
      roles: message.allowed_mentions.roles ?? [],
      users: message.allowed_mentions.users ?? [],
      repliedUser: false,
    },
    files: message.files.map((f) => new AttachmentBuilder(f.data, { name: f.name })),
  };
}

export class InteractionResponder implements Responder {
  private readonly interaction: ChatInputCommandInteraction | ButtonInteraction;
  private readonly conversation: ConversationRef;
  private readonly deps: ResponderDeps;
  private originalUsed = false;

  constructor(
    interaction: ChatInputCommandInteraction | ButtonInteraction,
    conversation: ConversationRef,
    deps: ResponderDeps,
  ) {
    this.interaction = interaction;
    this.conversation = conversation;
    this.deps = deps;
  }

  async reply(reply: Reply): Promise<void> {
    if (!reply.ephemeral) {
      const { messenger } = this.deps;
      await (messenger.postReply
        ? messenger.postReply(this.conversation, reply)
        : messenger.post(this.conversation, reply));
      return;
    }
    const options = interactionOptions(this.deps.render(reply));
    if (this.interaction.isChatInputCommand() && !this.originalUsed) {
      this.originalUsed = true;
      await this.interaction.editReply(options);
      return;
    }
    await this.interaction.followUp({ ...options, flags: MessageFlags.Ephemeral });
  }

  /**
   * Replace the message holding the clicked button (paging, a confirm step that is done): the
   * interaction's own update, so it works on ephemeral messages, which the bot token cannot edit.
   * After `deferUpdate` that is `editReply` (PATCH @original, which for a click is the clicked
   * message); a click not yet acknowledged gets an UPDATE_MESSAGE callback. A command has no
   * clicked message: its own private reply is the one replaced.
   */
  async replaceOriginal(reply: Reply): Promise<void> {
    const interaction = this.interaction;
    if (!interaction.isButton()) {
      await this.reply({ ...reply, ephemeral: true });
      return;
    }
    const options = interactionOptions(this.deps.render(reply));
    if (!interaction.deferred && !interaction.replied) {
      await interaction.update(options);
      return;
    }
    try {
      await interaction.editReply(options);
    } catch (err) {
      // The clicked message can be gone (a deleted card, a dismissed private message): the member
      // still gets the answer, as a new private message.
      this.deps.logger.warn({ err }, 'discord: could not replace the clicked message; answering privately');
      await interaction.followUp({ ...options, flags: MessageFlags.Ephemeral });
    }
  }

  /**
   * "Never mind" on a private message: remove it, buttons and all (DELETE @original, which for a
   * click is the clicked message). Channel messages are left alone.
   */
  async dismiss(): Promise<void> {
    const interaction = this.interaction;
    if (!interaction.isButton() || !interaction.message.flags.has(MessageFlags.Ephemeral)) return;
    try {
      await interaction.deleteReply();
    } catch (err) {
      this.deps.logger.warn({ err }, 'discord: could not remove the dismissed private message');
    }
  }

  /** Remove the deferred "thinking…" of a command that was answered only in public (or not at all). */
  async finish(): Promise<void> {
    if (!this.interaction.isChatInputCommand() || this.originalUsed) return;
    try {
      await this.interaction.deleteReply();
    } catch (err) {
      this.deps.logger.warn({ err }, 'discord: could not remove the deferred reply');
    }
  }
}
