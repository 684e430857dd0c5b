/**
 * Answers the person behind one Slack event. Ephemeral replies go through the event's
 * response_url (it also works in channels the bot was not invited to), which Slack honours
 * 5 times within 30 minutes; after that, or when it fails, chat.postEphemeral takes over.
 * In-channel replies are ordinary chat.postMessage posts, with the response_url as fallback
 * when the bot is not in the channel.
 */
import type { RespondFn } from '@slack/bolt';
import { MessengerError } from '../../src/core/errors.ts';
import type { Clock, Logger, Responder } from '../../src/core/ports.ts';
import type { Reply, TextFormatter } from '../../src/core/reply.ts';
import type { SlackMessenger } from './messenger.ts';
import { renderReply } from './render.ts';
import { describe, isChannelClosed } from './slack-errors.ts';

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export interface ResponderTarget {
  readonly channelId: string;
  readonly userId: string;
  /** Bolt's respond(), present when the payload had a response_url. */
  readonly respond?: RespondFn | undefined;
  /** Button clicks: never replace the message holding the button with our answer. */
  readonly fromAction: boolean;
  readonly receivedAt: number;
}

export interface ResponderDeps {
  readonly messenger: SlackMessenger;
  readonly client: {
    chat: {
      postEphemeral(args: { channel: string; user: string; text: string; blocks: unknown[] }): Promise<unknown>;
    };
  };
  readonly formatter: TextFormatter;
  readonly logger: Logger;
  readonly clock: Clock;
}

export class SlackResponder implements Responder {
  readonly #t: ResponderTarget;
  readonly #d: ResponderDeps;
  #responseUrlUses = 0;

  constructor(target: ResponderTarget, deps: ResponderDeps) {
    this.#t = target;
    this.#d = deps;
  }

  async reply(reply: Reply): Promise<void> {
    if (reply.attachment) {
      // Ephemeral messages cannot carry files: a private file goes to the person's DM.
      const channel = reply.ephemeral ? await this.#d.messenger.dmChannel(this.#t.userId) : this.#t.channelId;
      await this.#d.messenger.upload(channel, reply.attachment, undefined);
    }
    if (reply.ephemeral) await this.#ephemeral(reply);
    else await this.#inChannel(reply);
  }

  async #ephemeral(reply: Reply): Promise<void> {
    const { text, blocks } = renderReply(reply, this.#d.formatter);
    if (await this.#tryRespond({ response_type: 'ephemeral', text, blocks })) return;
    try {
      await this.#d.client.chat.postEphemeral({ channel: this.#t.channelId, user: this.#t.userId, text, blocks });
    } catch (err) {
      throw new MessengerError(`chat.postEphemeral failed: ${describe(err)}`, { cause: err });
    }
  }

  async #inChannel(reply: Reply): Promise<void> {
    try {
      await this.#d.messenger.post({ platform: 'slack', channelId: this.#t.channelId }, withoutAttachment(reply));
    } catch (err) {
      const cause = err instanceof MessengerError ? err.cause : err;
      if (!isChannelClosed(cause)) throw err;
      const { text, blocks } = renderReply(reply, this.#d.formatter);
      if (!(await this.#tryRespond({ response_type: 'in_channel', text, blocks }))) throw err;
    }
  }

  async #tryRespond(message: { response_type: 'ephemeral' | 'in_channel'; text: string; blocks: unknown[] }) {
    const respond = this.#t.respond;
    if (!respond || !this.#responseUrlUsable()) return false;
    this.#responseUrlUses += 1;
    try {
      await respond({
        ...message,
        ...(this.#t.fromAction ? { replace_original: false } : {}),
      } as Parameters<RespondFn>[0]);
      return true;
    } catch (err) {
      this.#d.logger.warn({ err: describe(err) }, 'response_url failed; falling back to the Web API');
      return false;
    }
  }

  #responseUrlUsable(): boolean {
    return (
      this.#responseUrlUses < RESPONSE_URL_USES && this.#d.clock.now() - this.#t.receivedAt < RESPONSE_URL_LIFETIME_MS
    );
  }
}

function withoutAttachment(reply: Reply): Reply {
  const { attachment, ...rest } = reply;
  return attachment ? rest : reply;
}
