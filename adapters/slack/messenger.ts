/**
 * The engine's Messenger on Slack: cards and receipts with chat.postMessage / chat.update, DMs
 * through conversations.open. The engine stores the returned MessageRef (channel + ts), so an
 * update after a restart, or after the response_url is spent, still finds the message.
 */
import type { webApi } from '@slack/bolt';
import { DmClosedError, MessengerError } from '../../src/core/errors.ts';
import type { Messenger } from '../../src/core/ports.ts';
import type { Attachment, Reply, TextFormatter } from '../../src/core/reply.ts';
import type { ConversationRef, MessageRef, UserRef } from '../../src/core/types.ts';
import { renderReply } from './render.ts';
import { describe, isDmClosed, postFailure } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  readonly #client: WebClient;
  readonly #fmt: TextFormatter;
  // DM channel ids never change for a user: one conversations.open per user per process.
  readonly #dmChannels = new Map<string, string>();

  constructor(client: WebClient, formatter: TextFormatter) {
    this.#client = client;
    this.#fmt = formatter;
  }

  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef> {
    const threadTs = options?.thread ? (options.thread.threadId ?? options.thread.messageId) : undefined;
    const ref = await this.#send(to.channelId, reply, threadTs);
    if (reply.attachment) await this.upload(to.channelId, reply.attachment, threadTs);
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
      const ref = await this.#send(channel, reply, undefined);
      if (reply.attachment) await this.upload(channel, reply.attachment, undefined);
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

  /** files.uploadV2: getUploadURLExternal → POST to the upload URL → completeUploadExternal. */
  async upload(channelId: string, file: Attachment, threadTs: string | undefined): Promise<void> {
    try {
      const args = { channel_id: channelId, filename: file.filename, title: file.filename, content: file.content };
      await this.#client.filesUploadV2(threadTs ? { ...args, thread_ts: threadTs } : args);
    } catch (err) {
      throw new MessengerError(`file upload failed: ${describe(err)}`, { cause: err });
    }
  }

  async #send(channel: string, reply: Reply, threadTs: string | undefined): Promise<MessageRef> {
    const { text, blocks } = renderReply(reply, this.#fmt);
    try {
      const res = await this.#client.chat.postMessage({
        channel,
        text,
        blocks,
        // Receipts and DMs carry no link previews: a Stripe URL must not unfurl anywhere.
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return {
        platform: 'slack',
        channelId: res.channel ?? channel,
        messageId: res.ts,
        ...(threadTs ? { threadId: threadTs } : {}),
      };
    } catch (err) {
      throw postFailure('chat.postMessage', err);
    }
  }
}
