/**
 * The engine's Messenger on Slack: cards and receipts with chat.postMessage / chat.update, DMs
 * through conversations.open. The engine stores the returned MessageRef (channel + ts), so an
 * update after a restart, or after the response_url is spent, still finds the message.
 *
 * Posts go through SlackPostOnce (post-once.ts): one message per post even when Slack answers
 * late. conversations.open returns the same channel however often it is called, and chat.update
 * sets the message to the same content however often it is applied, so those two keep the
 * client's retries: repeating them changes nothing.
 */
import type { webApi } from '@slack/bolt';
import { DmClosedError, MessengerError } from '../../src/core/shared/errors.ts';
import { type KeyValueStore, type Logger, type Messenger, silentLogger } from '../../src/core/shared/ports.ts';
import {
  type Attachment,
  attachmentsOf,
  isImage,
  type Reply,
  type TextFormatter,
} from '../../src/core/shared/reply.ts';
import type { ConversationRef, MessageRef, UserRef } from '../../src/core/shared/types.ts';
import { MAYBE_DUPLICATE_NOTE, type PostOnceTiming, SlackPostOnce } from './post-once.ts';
import { renderReply } from './render.ts';
import { describe, isDmClosed } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export interface SlackMessengerOptions {
  /** A WebClient without retries for chat.postMessage (default: `client`, for unit use only). */
  readonly postClient?: WebClient;
  readonly logger?: Logger;
  readonly postTiming?: Partial<PostOnceTiming>;
  /** Where post keys are written before each send (the store's KeyValueStore), for restarts. */
  readonly postJournal?: KeyValueStore | undefined;
}

/**
 * "The same message" across the engine's attempts: everything but the context lines, where a
 * re-sent receipt says it was re-sent. Buttons carry the request id and fields the session, so
 * two requests for the same amount never share an identity.
 */
export function messageIdentity(reply: Reply): string {
  const fields = (reply.fields ?? []).map((f) => `${f.label}=${f.value}`);
  const buttons = (reply.buttons ?? []).map((b) => (b.kind === 'action' ? `${b.action}:${b.value}` : b.url));
  return JSON.stringify([reply.title ?? '', reply.text, fields, buttons]);
}

export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  readonly #client: WebClient;
  readonly #fmt: TextFormatter;
  // DM channel ids never change for a user: one conversations.open per user per process.
  readonly #dmChannels = new Map<string, string>();
  readonly #once: SlackPostOnce;

  constructor(client: WebClient, formatter: TextFormatter, options: SlackMessengerOptions = {}) {
    this.#client = client;
    this.#fmt = formatter;
    this.#once = new SlackPostOnce({
      postClient: options.postClient ?? client,
      readClient: client,
      logger: options.logger ?? silentLogger,
      ...(options.postTiming ? { timing: options.postTiming } : {}),
      ...(options.postJournal ? { journal: options.postJournal } : {}),
    });
  }

  /** Stop the late-duplicate checks still scheduled (shutdown). */
  stop(): void {
    this.#once.stop();
  }

  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef> {
    const threadTs = options?.thread ? (options.thread.threadId ?? options.thread.messageId) : undefined;
    const ref = await this.#send(to.channelId, reply, threadTs, true);
    await this.uploadAll(to.channelId, reply, threadTs);
    return ref;
  }

  /**
   * An in-channel answer to a command (the responder): one post per message like `post`, but
   * not journaled, since nobody records it or repeats it after a restart, and two people may
   * well get the same answer.
   */
  async postReply(to: ConversationRef, reply: Reply): Promise<MessageRef> {
    const ref = await this.#send(to.channelId, reply, undefined, false);
    await this.uploadAll(to.channelId, reply, undefined);
    return ref;
  }

  async update(message: MessageRef, reply: Reply): Promise<void> {
    const { text, blocks } = renderReply(reply, this.#fmt);
    try {
      await this.#client.chat.update({ channel: message.channelId, ts: message.messageId, text, blocks });
    } catch (err) {
      throw new MessengerError(`chat.update failed: ${describe(err)}`, { cause: err });
    }
  }

  async dm(user: UserRef, reply: Reply): Promise<MessageRef> {
    let channel: string;
    try {
      channel = await this.dmChannel(user.id);
    } catch (err) {
      if (isDmClosed(err)) throw new DmClosedError(`cannot DM ${user.id}: ${describe(err)}`, { cause: err });
      throw new MessengerError(`conversations.open failed: ${describe(err)}`, { cause: err });
    }
    try {
      const ref = await this.#send(channel, reply, undefined, true);
      await this.uploadAll(channel, reply, undefined);
      return ref;
    } catch (err) {
      if (err instanceof MessengerError && isDmClosed(err.cause)) {
        this.#dmChannels.delete(user.id);
        throw new DmClosedError(`cannot DM ${user.id}: ${describe(err.cause)}`, { cause: err.cause });
      }
      throw err;
    }
  }

  async dmChannel(userId: string): Promise<string> {
    const known = this.#dmChannels.get(userId);
    if (known) return known;
    const res = await this.#client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new MessengerError('conversations.open returned no channel');
    this.#dmChannels.set(userId, id);
    return id;
  }

  /** Every file of the reply, one upload each, in order (the report: its two charts). */
  async uploadAll(channelId: string, reply: Reply, threadTs: string | undefined): Promise<void> {
    for (const file of attachmentsOf(reply)) await this.upload(channelId, file, threadTs);
  }

  /**
   * files.uploadV2: getUploadURLExternal → POST to the upload URL → completeUploadExternal. Text
   * goes as `content`; an image as `file` (a Buffer: `content` would be sent as UTF-8 text and
   * corrupt the PNG), with its alt text.
   */
  async upload(channelId: string, file: Attachment, threadTs: string | undefined): Promise<void> {
    try {
      const base = { channel_id: channelId, filename: file.filename, title: file.filename };
      const args = isImage(file)
        ? { ...base, file: Buffer.from(file.content), ...(file.alt ? { alt_text: file.alt } : {}) }
        : { ...base, content: file.content };
      await this.#client.filesUploadV2(threadTs ? { ...args, thread_ts: threadTs } : args);
    } catch (err) {
      throw new MessengerError(`file upload failed: ${describe(err)}`, { cause: err });
    }
  }

  async #send(channel: string, reply: Reply, threadTs: string | undefined, journal: boolean): Promise<MessageRef> {
    const { text, blocks } = renderReply(reply, this.#fmt);
    const posted = await this.#once.post(
      {
        channel,
        ...(threadTs ? { threadTs } : {}),
        text,
        blocks,
        identity: messageIdentity(reply),
        labelled: () => renderReply({ ...reply, context: [...(reply.context ?? []), MAYBE_DUPLICATE_NOTE] }, this.#fmt),
      },
      { journal },
    );
    return {
      platform: 'slack',
      channelId: posted.channel,
      messageId: posted.ts,
      ...(threadTs ? { threadId: threadTs } : {}),
    };
  }
}
