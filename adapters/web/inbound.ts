/**
 * Command-box lines, button clicks and form submissions → `InboundEvent`s for core's inbound
 * port, each with a Responder that writes the engine's answer back into the conversation log (and
 * shows the forms it opens). Like the Slack and Discord adapters it acks first (the HTTP answer
 * does not wait for the engine; the port tracks the work) and decides nothing: who may approve,
 * what an amount means, what a form's values must be, all of it is the engine's.
 */
import { randomUUID } from 'node:crypto';
import type { FormSpec } from '../../src/core/shared/forms.ts';
import { DEFAULT_LOCALE, localeOf, type MessageFormatter, type Texts, textsFor } from '../../src/core/shared/i18n.ts';
import type { InboundPort, PendingEvent } from '../../src/core/shared/inbound.ts';
import type { Logger, Metrics, Responder } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type {
  ActionName,
  Actor,
  ClickedMessage,
  ConversationRef,
  FormEvent,
  InboundEvent,
} from '../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../src/i18n/icu-formatter.ts';
import { parseCommandLine } from './commands.ts';
import { type ConversationLog, canSee } from './conversation-log.ts';
import { type OpenForms, readSubmission, redact, secretsOf } from './forms.ts';
import { BOT } from './messenger.ts';
import { actorFor, type Person, readLocale } from './people.ts';
import { toWebReply } from './render.ts';
import { CHANNEL, PlaygroundWorld, type WebWorkspace } from './workspaces.ts';

export { CHANNEL };

export interface InboundResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** People ids who approve in a workspace (undefined: the single playground). */
export type ApproversFor = (workspaceId: string | undefined) => Promise<readonly string[]>;

export interface InboundDeps {
  readonly log: ConversationLog;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  readonly now?: () => number;
  readonly world?: PlaygroundWorld;
  readonly forms?: OpenForms;
  /** Who approves where; without it, today's rule (Avery). */
  readonly approversFor?: ApproversFor | undefined;
  /** Issue 17: people ids of the workspace's fallback approvers (escalations); none without it. */
  readonly fallbackApproversFor?: ApproversFor | undefined;
  /** The catalog's formatter for the playground's own answers (default: src/i18n's). */
  readonly messages?: MessageFormatter | undefined;
}

/** The longest command line passed on: well above any note the engine takes, so it can say its rule. */
export const MAX_COMMAND_CHARS = 4000;

const bad = (status: number, error: string): InboundResult => ({ status, body: { ok: false, error } });

export class PlaygroundInbound {
  readonly #deps: InboundDeps;
  #messages: MessageFormatter | undefined;
  readonly #now: () => number;
  readonly #world: PlaygroundWorld;
  #port: InboundPort | undefined;
  readonly #settled = new Set<(workspace: WebWorkspace) => void>();

  constructor(deps: InboundDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#world = deps.world ?? new PlaygroundWorld();
  }

  get world(): PlaygroundWorld {
    return this.#world;
  }

  /** Core's inbound port (the engine): every acked event goes there. */
  attach(port: InboundPort): void {
    this.#port = port;
  }

  /** Resolves when the attached port has no event in flight (tests; shutdown awaits the engine's). */
  idle(): Promise<void> {
    return this.#port?.idle() ?? Promise.resolve();
  }

  /**
   * Hear when a form's work is done in a workspace: settings may have changed who approves there,
   * so open pages ask again (the `roles` event).
   */
  onFormSettled(listener: (workspace: WebWorkspace) => void): () => void {
    this.#settled.add(listener);
    return () => this.#settled.delete(listener);
  }

  /** People ids who approve in this workspace: `approversFor`'s answer, else today's rule. */
  async approvers(workspace: WebWorkspace): Promise<readonly string[]> {
    const lookup = this.#deps.approversFor;
    if (!lookup) return workspace.people.filter((p) => p.isApprover).map((p) => p.id);
    return lookup(this.#world.multi ? workspace.id : undefined);
  }

  command(body: Record<string, unknown>): InboundResult {
    const receivedAt = this.#now();
    const person = this.#world.person(body.as);
    if (!person) return bad(400, 'unknown person');
    if (typeof body.text !== 'string') return bad(400, 'text must be a string');
    const lang = readLocale(body.locale);
    if (!lang.ok) return bad(400, lang.error);
    // Room for any note the engine would take, so a long one gets the engine's rule, not ours.
    if (body.text.length > MAX_COMMAND_CHARS)
      return bad(413, `a command can be at most ${MAX_COMMAND_CHARS} characters (this one has ${body.text.length})`);
    const parsed = parseCommandLine(this.#texts(lang.locale), body.text);
    const { log } = this.#deps;
    const channel = this.#world.workspaceOf(person).channel;
    // Not awaited: the ack does not wait for the store; the seq keeps it above the answer.
    void log
      .add({
        channelId: channel.channelId,
        ...this.#tag(channel.channelId),
        kind: 'invocation',
        visibleTo: person.id,
        author: { id: person.id, name: person.name },
        at: receivedAt,
        reply: toWebReply({ text: body.text.trim() }, this.#world.displayName),
      })
      .catch((err: unknown) => this.#deps.logger.warn({ err }, 'playground could not keep a typed command'));
    if (!parsed.ok) {
      void this.#say(person, channel.channelId, { text: parsed.message, tone: 'warning', ephemeral: true }).catch(
        (err: unknown) => this.#deps.logger.warn({ err }, 'playground could not answer a typed command'),
      );
      return { status: 202, body: { ok: true } };
    }
    const eventId = randomUUID();
    return this.#dispatch(
      eventId,
      receivedAt,
      this.#event(person, lang.locale, (actor) => ({
        kind: 'command',
        platform: 'web',
        eventId,
        actor,
        conversation: channel,
        receivedAt,
        command: parsed.command,
        text: parsed.text,
      })),
      person,
      channel,
    );
  }

  action(body: Record<string, unknown>): InboundResult {
    const receivedAt = this.#now();
    const person = this.#world.person(body.as);
    if (!person) return bad(400, 'unknown person');
    const lang = readLocale(body.locale);
    if (!lang.ok) return bad(400, lang.error);
    const message = typeof body.messageId === 'string' ? this.#deps.log.get(body.messageId) : undefined;
    // Another workspace's message is as unknown as one that never existed: the same answer.
    if (!message || !canSee(message, person)) return bad(404, 'no such message');
    // Only a button that is really on the message can be pressed, as on Slack and Discord.
    const button = message.reply.buttons.find(
      (b) => b.kind === 'action' && b.action === body.action && b.value === body.value,
    );
    if (button?.kind !== 'action') return bad(404, 'no such button');
    // Core checks that this message is one of the clicked request's own (clicked-message.ts).
    const ref: ClickedMessage = {
      platform: 'web',
      channelId: message.channelId,
      messageId: message.id,
      ...(message.threadId ? { threadId: message.threadId } : {}),
      ...(message.kind === 'ephemeral' ? { ephemeral: true } : {}),
    };
    const conversation: ConversationRef = { ...this.#world.workspaceOf(person).channel, channelId: message.channelId };
    const eventId = randomUUID();
    return this.#dispatch(
      eventId,
      receivedAt,
      this.#event(person, lang.locale, (actor) => ({
        kind: 'action',
        platform: 'web',
        eventId,
        actor,
        conversation,
        receivedAt,
        action: button.action as ActionName,
        value: button.value,
        message: ref,
      })),
      person,
      conversation,
      message.id,
    );
  }

  /**
   * A dialog's Submit (or Cancel). Invalid values (the page's own limits, then core's checkForm)
   * answer 422 with a message per field and send nothing; valid ones go to the port as a FormEvent.
   */
  async form(body: Record<string, unknown>): Promise<InboundResult> {
    const receivedAt = this.#now();
    const person = this.#world.person(body.as);
    if (!person) return bad(400, 'unknown person');
    const lang = readLocale(body.locale);
    if (!lang.ok) return bad(400, lang.error);
    const forms = this.#deps.forms;
    const open = forms?.take(body.formId, person.id);
    if (!forms || !open) return bad(404, this.#texts(lang.locale).t('adapters.web_form_gone'));
    if (body.cancel === true) {
      forms.close(open);
      return { status: 200, body: { ok: true } };
    }
    const port = this.#port;
    if (!port) {
      forms.restore(open);
      return bad(503, 'the playground is not connected to the bot yet');
    }
    const read = readSubmission(open.spec, body.values);
    if (!read.ok) {
      forms.restore(open);
      return { status: 422, body: { ok: false, errors: read.errors } };
    }
    const secrets = secretsOf(open.spec, read.values);
    const eventId = randomUUID();
    let event: FormEvent;
    let errors: Readonly<Record<string, string>> | undefined;
    try {
      const actor = await this.#actor(person, lang.locale);
      event = {
        kind: 'form',
        platform: 'web',
        eventId,
        actor,
        conversation: open.conversation,
        receivedAt,
        form: open.spec.name,
        values: read.values,
        ...(open.spec.context !== undefined ? { context: open.spec.context } : {}),
      };
      errors = await port.checkForm?.(event);
    } catch (err) {
      forms.restore(open);
      // Only the error's name: its message might quote what was submitted.
      this.#deps.logger.warn(
        { error: err instanceof Error ? err.name : typeof err },
        'playground could not check a form',
      );
      return bad(500, this.#texts(lang.locale).t('adapters.web_form_check_failed'));
    }
    if (errors && Object.keys(errors).length > 0) {
      forms.restore(open);
      const shown = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, redact(String(v), secrets)]));
      return { status: 422, body: { ok: false, errors: shown } };
    }
    forms.close(open);
    const workspace = this.#world.workspaceOf(person);
    const settled = async () => {
      for (const listener of this.#settled) listener(workspace);
    };
    return this.#dispatch(eventId, receivedAt, event, person, open.conversation, undefined, settled);
  }

  /** The event now, or (with `approversFor`, which may read the store) resolved after the ack. */
  #event(
    person: Person,
    locale: string | undefined,
    make: (actor: Actor) => InboundEvent,
  ): InboundEvent | PendingEvent {
    if (!this.#deps.approversFor && !this.#deps.fallbackApproversFor)
      return make(actorFor(person, person.isApprover, false, locale));
    return async () => make(await this.#actor(person, locale));
  }

  /** The playground's own answers speak the language the person picked in the page, else English. */
  #texts(locale: string | undefined): Texts {
    this.#messages ??= this.#deps.messages ?? createMessageFormatter();
    return textsFor(this.#messages, localeOf(locale) ?? DEFAULT_LOCALE);
  }

  /** `locale`: the language the person picked in the page (every POST carries it). */
  async #actor(person: Person, locale: string | undefined): Promise<Actor> {
    const workspace = this.#world.workspaceOf(person);
    const fallback = this.#deps.fallbackApproversFor
      ? (await this.#deps.fallbackApproversFor(this.#world.multi ? workspace.id : undefined)).includes(person.id)
      : false;
    if (!this.#deps.approversFor) return actorFor(person, person.isApprover, fallback, locale);
    const approvers = await this.approvers(workspace);
    return actorFor(person, approvers.includes(person.id), fallback, locale);
  }

  #dispatch(
    eventId: string,
    receivedAt: number,
    event: InboundEvent | PendingEvent,
    person: Person,
    conversation: ConversationRef,
    clickedId?: string,
    finish?: () => Promise<void>,
  ): InboundResult {
    const port = this.#port;
    if (!port) return bad(503, 'the playground is not connected to the bot yet');
    const { log, metrics, forms } = this.#deps;
    const channelId = conversation.channelId;
    const responder: Responder = {
      reply: async (reply) => this.#say(person, channelId, reply),
      ...(finish ? { finish } : {}),
      // The dialog goes to this person's page; its submission comes from where they acted.
      ...(forms
        ? {
            openForm: async (form: FormSpec) => {
              forms.open(person.id, form, conversation);
            },
          }
        : {}),
      // A pager's Next/Previous or a confirm step edits the message that held the button, in place.
      ...(clickedId
        ? {
            replaceOriginal: async (reply: Reply) => {
              if (!(await log.edit(clickedId, toWebReply(reply, this.#world.displayName), this.#now())))
                await this.#say(person, channelId, reply);
            },
            // "Never mind" removes a private message (as on Slack and Discord); one others see stays.
            dismiss: async () => {
              if (log.get(clickedId)?.kind === 'ephemeral') await log.remove(clickedId);
            },
          }
        : {}),
    };
    port.receive(event, responder);
    metrics?.ackLatency('web', (this.#now() - receivedAt) / 1000);
    return { status: 202, body: { ok: true, eventId } };
  }

  async #say(person: Person, channelId: string, reply: Reply): Promise<void> {
    const inDm = channelId.startsWith('dm:');
    const privateToActor = reply.ephemeral === true || inDm;
    await this.#deps.log.add({
      channelId,
      ...this.#tag(channelId),
      kind: reply.ephemeral ? 'ephemeral' : inDm ? 'dm' : 'bot',
      author: BOT,
      at: this.#now(),
      reply: toWebReply(reply, this.#world.displayName),
      ...(privateToActor ? { visibleTo: inDm ? channelId.slice(3) : person.id } : {}),
    });
  }

  #tag(channelId: string): { workspaceId?: string } {
    const workspaceId = this.#world.tagOfChannel(channelId);
    return workspaceId ? { workspaceId } : {};
  }
}
