/**
 * Command-box lines and button clicks → `InboundEvent`s for core's inbound port, each with a
 * Responder that writes the engine's answer back into the conversation log. Like the Slack and
 * Discord adapters it acks first (the HTTP answer does not wait for the engine; the port tracks
 * the work) and decides nothing: who may approve, what an amount means, all of it is the engine's.
 */
import { randomUUID } from 'node:crypto';
import type { InboundPort } from '../../src/core/shared/inbound.ts';
import type { Logger, Metrics, Responder } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ActionName, ClickedMessage, ConversationRef, InboundEvent } from '../../src/core/shared/types.ts';
import { parseCommandLine } from './commands.ts';
import { type ConversationLog, canSee } from './conversation-log.ts';
import { BOT } from './messenger.ts';
import { actorFor, findPerson, type Person } from './people.ts';
import { toWebReply } from './render.ts';

export const CHANNEL: ConversationRef = { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' };

export interface InboundResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface InboundDeps {
  readonly log: ConversationLog;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  readonly now?: () => number;
}

/** The longest command line passed on: well above any note the engine takes, so it can say its rule. */
export const MAX_COMMAND_CHARS = 4000;

const bad = (status: number, error: string): InboundResult => ({ status, body: { ok: false, error } });

export class PlaygroundInbound {
  readonly #deps: InboundDeps;
  readonly #now: () => number;
  #port: InboundPort | undefined;

  constructor(deps: InboundDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Core's inbound port (the engine): every acked event goes there. */
  attach(port: InboundPort): void {
    this.#port = port;
  }

  /** Resolves when the attached port has no event in flight (tests; shutdown awaits the engine's). */
  idle(): Promise<void> {
    return this.#port?.idle() ?? Promise.resolve();
  }

  command(body: Record<string, unknown>): InboundResult {
    const receivedAt = this.#now();
    const person = findPerson(body.as);
    if (!person) return bad(400, 'unknown person');
    if (typeof body.text !== 'string') return bad(400, 'text must be a string');
    // Room for any note the engine would take, so a long one gets the engine's rule, not ours.
    if (body.text.length > MAX_COMMAND_CHARS)
      return bad(413, `a command can be at most ${MAX_COMMAND_CHARS} characters (this one has ${body.text.length})`);
    const parsed = parseCommandLine(body.text);
    const { log } = this.#deps;
    // Not awaited: the ack does not wait for the store; the seq keeps it above the answer.
    void log
      .add({
        channelId: CHANNEL.channelId,
        kind: 'invocation',
        visibleTo: person.id,
        author: { id: person.id, name: person.name },
        at: receivedAt,
        reply: toWebReply({ text: body.text.trim() }),
      })
      .catch((err: unknown) => this.#deps.logger.warn({ err }, 'playground could not keep a typed command'));
    if (!parsed.ok) {
      void this.#say(person, CHANNEL.channelId, { text: parsed.message, tone: 'warning', ephemeral: true }).catch(
        (err: unknown) => this.#deps.logger.warn({ err }, 'playground could not answer a typed command'),
      );
      return { status: 202, body: { ok: true } };
    }
    return this.#dispatch(
      {
        kind: 'command',
        platform: 'web',
        eventId: randomUUID(),
        actor: actorFor(person),
        conversation: CHANNEL,
        receivedAt,
        command: parsed.command,
        text: parsed.text,
      },
      person,
      CHANNEL.channelId,
    );
  }

  action(body: Record<string, unknown>): InboundResult {
    const receivedAt = this.#now();
    const person = findPerson(body.as);
    if (!person) return bad(400, 'unknown person');
    const message = typeof body.messageId === 'string' ? this.#deps.log.get(body.messageId) : undefined;
    if (!message || !canSee(message, person.id)) return bad(404, 'no such message');
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
    return this.#dispatch(
      {
        kind: 'action',
        platform: 'web',
        eventId: randomUUID(),
        actor: actorFor(person),
        conversation: { ...CHANNEL, channelId: message.channelId },
        receivedAt,
        action: button.action as ActionName,
        value: button.value,
        message: ref,
      },
      person,
      message.channelId,
      message.id,
    );
  }

  #dispatch(event: InboundEvent, person: Person, channelId: string, clickedId?: string): InboundResult {
    const port = this.#port;
    if (!port) return bad(503, 'the playground is not connected to the bot yet');
    const { log, metrics } = this.#deps;
    const responder: Responder = {
      reply: async (reply) => this.#say(person, channelId, reply),
      // A pager's Next/Previous or a confirm step edits the message that held the button, in place.
      ...(clickedId
        ? {
            replaceOriginal: async (reply: Reply) => {
              if (!(await log.edit(clickedId, toWebReply(reply), this.#now())))
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
    metrics?.ackLatency('web', (this.#now() - event.receivedAt) / 1000);
    return { status: 202, body: { ok: true, eventId: event.eventId } };
  }

  async #say(person: Person, channelId: string, reply: Reply): Promise<void> {
    const inDm = channelId.startsWith('dm:');
    const privateToActor = reply.ephemeral === true || inDm;
    await this.#deps.log.add({
      channelId,
      kind: reply.ephemeral ? 'ephemeral' : inDm ? 'dm' : 'bot',
      author: BOT,
      at: this.#now(),
      reply: toWebReply(reply),
      ...(privateToActor ? { visibleTo: inDm ? channelId.slice(3) : person.id } : {}),
    });
  }
}
