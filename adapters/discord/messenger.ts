/**
 * Messenger over Discord REST. Everything goes through the channel-message routes with the bot
 * token, never through an interaction token: those die after 15 minutes, while a card is edited
 * for days (approval, payment, receipt). @discordjs/rest waits out 429s (Retry-After) and retries
 * 5xx, so a failure that reaches us is final.
 */
import { DiscordAPIError, type RawFile, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { ChannelClosedError, DmClosedError, MessengerError } from '../../src/core/errors.ts';

const CHANNEL_CLOSED: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingPermissions,
]);

import type { Logger, Messenger } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { ConversationRef, MessageRef, UserRef } from '../../src/core/types.ts';
import { type RenderedMessage, renderReply } from './render.ts';

export interface DiscordMessengerDeps {
  readonly rest: REST;
  /** The DM channel id for a user (discord.js `users.createDM`, which caches it). */
  readonly dmChannelOf: (userId: string) => Promise<string>;
  readonly approverRoleId?: string | undefined;
  readonly logger: Logger;
}

export function restPayload(message: RenderedMessage): { body: Record<string, unknown>; files?: RawFile[] } {
  const { files, ...body } = message;
  if (files.length === 0) return { body };
  return {
    body: { ...body, attachments: files.map((f, id) => ({ id, filename: f.name })) },
    files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
  };
}

export class DiscordMessenger implements Messenger {
  readonly platform = 'discord' as const;
  private readonly deps: DiscordMessengerDeps;

  constructor(deps: DiscordMessengerDeps) {
    this.deps = deps;
  }

  render(reply: Reply): RenderedMessage {
    return renderReply(reply, { approverRoleId: this.deps.approverRoleId, logger: this.deps.logger });
  }

  /**
   * `thread` makes the post a reply to that message (message_reference) rather than a thread:
   * a reply shows the card it belongs to, needs no thread permissions and stays visible in the
   * channel. If the card was deleted the receipt is still posted (fail_if_not_exists: false).
   */
  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef> {
    const { body, files } = restPayload(this.render(reply));
    if (options?.thread)
      body.message_reference = {
        message_id: options.thread.messageId,
        channel_id: options.thread.channelId,
        fail_if_not_exists: false,
      };
    const sent = await this.call('post', to.channelId, () =>
      this.deps.rest.post(Routes.channelMessages(to.channelId), { body, ...(files ? { files } : {}) }),
    );
    return { platform: 'discord', channelId: to.channelId, messageId: sent.id };
  }

  async update(message: MessageRef, reply: Reply): Promise<void> {
    const { body, files } = restPayload(this.render(reply));
    await this.call('update', message.channelId, () =>
      this.deps.rest.patch(Routes.channelMessage(message.channelId, message.messageId), {
        body,
        ...(files ? { files } : {}),
      }),
    );
  }

  async dm(user: UserRef, reply: Reply): Promise<MessageRef> {
    let channelId: string;
    try {
      channelId = await this.deps.dmChannelOf(user.id);
    } catch (err) {
      throw this.failure('dm', user.id, err);
    }
    const { body, files } = restPayload(this.render(reply));
    const sent = await this.call('dm', channelId, () =>
      this.deps.rest.post(Routes.channelMessages(channelId), { body, ...(files ? { files } : {}) }),
    );
    return { platform: 'discord', channelId, messageId: sent.id };
  }

  private async call(op: string, channelId: string, send: () => Promise<unknown>): Promise<{ id: string }> {
    try {
      return (await send()) as { id: string };
    } catch (err) {
      throw this.failure(op, channelId, err);
    }
  }

  private failure(op: string, target: string, err: unknown): Error {
    if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
      return new DmClosedError('the member does not accept direct messages from this server', { cause: err });
    this.deps.logger.error({ err, op, target }, 'discord: message call failed');
    const detail = err instanceof Error ? err.message : String(err);
    // The bot cannot see or post in the channel: an invitation (or a permission) is the fix.
    if (err instanceof DiscordAPIError && CHANNEL_CLOSED.has(Number(err.code)))
      return new ChannelClosedError(`discord ${op} failed: ${detail}`, { cause: err });
    return new MessengerError(`discord ${op} failed: ${detail}`, { cause: err });
  }
}
