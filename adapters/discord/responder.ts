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
 *
 * An event that may open a form (core's `opensForm`) arrives NOT deferred: a modal must be the
 * interaction's first response. Then whatever the engine does first is that response: `openForm`
 * shows the modal (type 9), an ephemeral `reply` is the interaction's reply (type 4), a
 * `replaceOriginal` the click's update (type 7). A safety timer defers it at ~2.2 s, so Discord's
 * 3 s deadline holds however slow the engine is; after that `openForm` throws FormUnavailableError.
 */
import {
  AttachmentBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { FormSpec } from '../../src/core/shared/forms.ts';
import type { Logger, Messenger, Responder } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ConversationRef } from '../../src/core/shared/types.ts';
import { buildModal, FormUnavailableError } from './forms.ts';
import type { RenderedMessage } from './render.ts';

type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** When the safety defer runs, measured from the interaction's arrival: well inside Discord's 3 s. */
export const FIRST_RESPONSE_DEADLINE_MS = 2_200;

export interface ResponderDeps {
  readonly render: (reply: Reply) => RenderedMessage | Promise<RenderedMessage>;
  /** `postReply` when the messenger has one: a public answer is not journaled (DiscordMessenger). */
  readonly messenger: Messenger & { postReply?(to: ConversationRef, reply: Reply): Promise<unknown> };
  readonly logger: Logger;
}

export interface FirstResponseOptions {
  /** The adapter already acknowledged (deferred) the interaction: no form can be shown. */
  readonly acknowledged: boolean;
  /** Epoch ms the interaction arrived; the safety defer runs FIRST_RESPONSE_DEADLINE_MS after it. */
  readonly receivedAt?: number;
  /** Overrides FIRST_RESPONSE_DEADLINE_MS (tests). */
  readonly deadlineMs?: number;
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
    files: message.files.map(
      (f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.description ? { description: f.description } : {}) }),
    ),
  };
}

export class InteractionResponder implements Responder {
  private readonly interaction: AnsweredInteraction;
  private readonly conversation: ConversationRef;
  private readonly deps: ResponderDeps;
  private originalUsed = false;
  /** The first response was a private "thinking…" (deferReply): `@original` exists and is ours to edit or remove. */
  private deferredReply = false;
  /** The interaction's first response, once something claimed it (settled when Discord took it). */
  private first: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    interaction: AnsweredInteraction,
    conversation: ConversationRef,
    deps: ResponderDeps,
    first: FirstResponseOptions = { acknowledged: true },
  ) {
    this.interaction = interaction;
    this.conversation = conversation;
    this.deps = deps;
    if (first.acknowledged) {
      this.first = Promise.resolve();
      // The adapter defers a command or a submit with a private "thinking…", a click silently.
      this.deferredReply = !interaction.isButton();
      return;
    }
    const wait = (first.receivedAt ?? Date.now()) + (first.deadlineMs ?? FIRST_RESPONSE_DEADLINE_MS) - Date.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.claim(() => this.defer()).catch((err: unknown) =>
          this.deps.logger.warn({ err, interactionId: interaction.id }, 'discord: the safety defer failed'),
        );
      },
      Math.max(0, wait),
    );
    this.timer.unref?.();
  }

  /**
   * Run `send` as the interaction's first response if nothing has claimed it yet (true), or wait
   * for the response that did (false). One claim wins; the rest follow it.
   */
  private async claim(send: () => Promise<unknown>): Promise<boolean> {
    if (this.first) {
      await this.first.catch(() => {});
      return false;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.first = send().then(() => undefined);
    await this.first;
    return true;
  }

  /** The plain acknowledgement: a private "thinking…" for a command or a submit, a silent ack for a click. */
  private async defer(): Promise<void> {
    const interaction = this.interaction;
    if (interaction.isButton()) await interaction.deferUpdate();
    else {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      this.deferredReply = true;
    }
  }

  /** The modal as the interaction's first response; FormUnavailableError once that is taken. */
  async openForm(form: FormSpec): Promise<void> {
    const interaction = this.interaction;
    if (interaction.isModalSubmit()) throw new FormUnavailableError('a modal submit cannot open another form');
    const modal = buildModal(form);
    const shown = await this.claim(() => interaction.showModal(modal));
    if (!shown) throw new FormUnavailableError('the interaction was already answered; the form cannot be shown');
  }

  async reply(reply: Reply): Promise<void> {
    if (!reply.ephemeral) {
      const { messenger } = this.deps;
      await (messenger.postReply
        ? messenger.postReply(this.conversation, reply)
        : messenger.post(this.conversation, reply));
      return;
    }
    const options = interactionOptions(await this.deps.render(reply));
    const interaction = this.interaction;
    if (await this.claim(() => interaction.reply({ ...options, flags: MessageFlags.Ephemeral }))) {
      this.originalUsed = true;
      return;
    }
    if (this.deferredReply && !this.originalUsed) {
      this.originalUsed = true;
      await interaction.editReply(options);
      return;
    }
    // A click, a second answer, or an answer after a modal (which leaves no `@original`).
    await interaction.followUp({ ...options, flags: MessageFlags.Ephemeral });
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
    const options = interactionOptions(await this.deps.render(reply));
    if (await this.claim(() => interaction.update(options))) return;
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
      await this.claim(() => interaction.deferUpdate());
      await interaction.deleteReply();
    } catch (err) {
      this.deps.logger.warn({ err }, 'discord: could not remove the dismissed private message');
    }
  }

  /**
   * The engine is done. An interaction nobody answered yet is acknowledged now (Discord would
   * otherwise say it failed); a command's or submit's "thinking…" that got no private answer is removed.
   */
  async finish(): Promise<void> {
    const interaction = this.interaction;
    try {
      await this.claim(() => this.defer());
    } catch (err) {
      this.deps.logger.warn({ err }, 'discord: could not acknowledge the interaction');
      return;
    }
    if (!this.deferredReply || this.originalUsed) return;
    try {
      await interaction.deleteReply();
    } catch (err) {
      this.deps.logger.warn({ err }, 'discord: could not remove the deferred reply');
    }
  }
}
