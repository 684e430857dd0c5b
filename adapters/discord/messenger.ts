/**
 * Messenger over Discord REST. Everything goes through the channel-message routes with the bot
 * token, never through an interaction token: those die after 15 minutes, while a card is edited
 * for days (approval, payment, receipt). @discordjs/rest waits out 429s (Retry-After) and
 * retries timeouts, resets and 5xx with the same body; every post carries a nonce with
 * `enforce_nonce`, so those repeats return the first message instead of a second one
 * (post-once.ts). An edit (PATCH) sets the same content however often it is applied, and the DM
 * channel (POST /users/@me/channels) is the same channel every time: both are safe to repeat.
 */
import { DiscordAPIError, type RawFile, type REST, RESTJSONErrorCodes, Routes } from 'discord.js';
import { ChannelClosedError, DmClosedError, MessengerError } from '../../src/core/shared/errors.ts';
import type { KeyValueStore, Logger, Messenger } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ConversationRef, MessageRef, UserRef } from '../../src/core/shared/types.ts';
import { MAYBE_DUPLICATE_NOTE, NonceBook, outcomeUnknown } from './post-once.ts';
import { type RenderedMessage, renderReply } from './render.ts';

const CHANNEL_CLOSED: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingPermissions,
]);

export interface DiscordMessengerDeps {
  readonly rest: REST;
  /** The DM channel id for a user (discord.js `users.createDM`, which caches it). */
  readonly dmChannelOf: (userId: string) => Promise<string>;
  readonly approverRoleId?: string | undefined;
  /**
   * The approver roles of the server this messenger posts for (workspaces mode: each server its
   * own, from its settings), read before each post; wins over `approverRoleId`.
   */
  readonly approverRoles?: (() => Promise<readonly string[]>) | undefined;
  /** The fallback approver roles of that server (issue 17 escalations), read like `approverRoles`. */
  readonly fallbackRoles?: (() => Promise<readonly string[]>) | undefined;
  readonly logger: Logger;
  /** The store's KeyValueStore: nonces written before each post, for a restarted process. */
  readonly postJournal?: KeyValueStore | undefined;
}

/** "The same message" across attempts: all but the context lines (a re-sent receipt says so there). */
export function messageIdentity(channelId: string, threadId: string | undefined, reply: Reply): string {
  const fields = (reply.fields ?? []).map((f) => `${f.label}=${f.value}`);
  const buttons = (reply.buttons ?? []).map((b) => (b.kind === 'action' ? `${b.action}:${b.value}` : b.url));
  return JSON.stringify([channelId, threadId ?? '', reply.title ?? '', reply.text, fields, buttons]);
}

export function restPayload(message: RenderedMessage): { body: Record<string, unknown>; files?: RawFile[] } {
  const { files, ...body } = message;
  if (files.length === 0) return { body };
  return {
    body: {
      ...body,
      attachments: files.map((f, id) => ({
        id,
        filename: f.name,
        ...(f.description ? { description: f.description } : {}),
      })),
    },
    files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
  };
}

export class DiscordMessenger implements Messenger {
  readonly platform = 'discord' as const;
  private readonly deps: DiscordMessengerDeps;
  private readonly nonces: NonceBook;
  /** For answers to commands: in this process only. */
  private readonly replyNonces: NonceBook;

  constructor(deps: DiscordMessengerDeps, shared?: { nonces: NonceBook; replyNonces: NonceBook }) {
    this.deps = deps;
    this.nonces = shared?.nonces ?? new NonceBook({ journal: deps.postJournal, logger: deps.logger });
    this.replyNonces = shared?.replyNonces ?? new NonceBook();
  }

  /**
   * The same bot and the same nonce books, mentioning another server's approver roles: one
   * NonceBook for every server, so a post retried through either messenger reuses its nonce.
   */
  withApprovers(
    approverRoles: () => Promise<readonly string[]>,
    fallbackRoles?: () => Promise<readonly string[]>,
  ): DiscordMessenger {
    return new DiscordMessenger(
      { ...this.deps, approverRoles, ...(fallbackRoles ? { fallbackRoles } : {}) },
      { nonces: this.nonces, replyNonces: this.replyNonces },
    );
  }

  /** Render with the configured role only (synchronous; `renderFor` reads the server's roles). */
  render(reply: Reply, approverRoleIds?: readonly string[], fallbackRoleIds?: readonly string[]): RenderedMessage {
    return renderReply(reply, {
      approverRoleId: this.deps.approverRoleId,
      approverRoleIds,
      fallbackRoleIds,
      logger: this.deps.logger,
    });
  }

  /** This server's fallback roles, read now; none when unset or unreadable (the approvers stand in). */
  private async fallbackRoleIds(): Promise<readonly string[] | undefined> {
    if (!this.deps.fallbackRoles) return undefined;
    return this.deps.fallbackRoles().catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'discord: could not read the fallback approver roles');
      return [];
    });
  }

  /** Render with this server's approver roles, read now (settings may have changed since the last post). */
  async renderFor(reply: Reply): Promise<RenderedMessage> {
    const fallback = await this.fallbackRoleIds();
    if (!this.deps.approverRoles) return this.render(reply, undefined, fallback);
    let roles: readonly string[];
    try {
      roles = await this.deps.approverRoles();
    } catch (err) {
      // No roles to mention is better than no card: the card still carries the buttons.
      this.deps.logger.warn({ err }, 'discord: could not read the approver roles; posting without the ping');
      roles = [];
    }
    return this.render(reply, roles, fallback);
  }

  /**
   * `thread` makes the post a reply to that message (message_reference) rather than a thread:
   * a reply shows the card it belongs to, needs no thread permissions and stays visible in the
   * channel. If the card was deleted the receipt is still posted (fail_if_not_exists: false).
   */
  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef> {
    const reference = options?.thread
      ? {
          message_reference: {
            message_id: options.thread.messageId,
            channel_id: options.thread.channelId,
            fail_if_not_exists: false,
          },
        }
      : {};
    const sent = await this.create('post', to.channelId, reply, reference, options?.thread?.messageId);
    return { platform: 'discord', channelId: to.channelId, messageId: sent.id };
  }

  /**
   * A public answer to a command (the responder): a nonce like every post, but not journaled,
   * since nobody records it or repeats it after a restart, and two people may get the same answer.
   */
  async postReply(to: ConversationRef, reply: Reply): Promise<MessageRef> {
    const sent = await this.create('post', to.channelId, reply, {}, undefined, false);
    return { platform: 'discord', channelId: to.channelId, messageId: sent.id };
  }

  async update(message: MessageRef, reply: Reply): Promise<void> {
    const { body, files } = restPayload(await this.renderFor(reply));
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
    const sent = await this.create('dm', channelId, reply, {}, undefined);
    return { platform: 'discord', channelId, messageId: sent.id };
  }

  /**
   * Create a message with a nonce Discord enforces. Without a clear answer the nonce is kept for
   * the same message, so the engine's next attempt cannot create a second one (post-once.ts).
   */
  private async create(
    op: string,
    channelId: string,
    reply: Reply,
    extra: Record<string, unknown>,
    threadId: string | undefined,
    journal = true,
  ): Promise<{ id: string }> {
    const identity = messageIdentity(channelId, threadId, reply);
    const nonces = journal ? this.nonces : this.replyNonces;
    const plan = await nonces.plan(identity);
    const shown = plan.label ? { ...reply, context: [...(reply.context ?? []), MAYBE_DUPLICATE_NOTE] } : reply;
    const { body, files } = restPayload(await this.renderFor(shown));
    Object.assign(body, extra, { nonce: plan.nonce, enforce_nonce: true });
    try {
      await nonces.begin(identity, plan);
    } catch (err) {
      throw this.failure(`${op} (recording the nonce before sending)`, channelId, err);
    }
    let sent: { id: string };
    try {
      sent = (await this.deps.rest.post(Routes.channelMessages(channelId), {
        body,
        ...(files ? { files } : {}),
      })) as { id: string };
    } catch (err) {
      if (outcomeUnknown(err)) nonces.unresolved(identity, plan.nonce);
      else await nonces.settled(identity, false);
      throw this.failure(op, channelId, err);
    }
    await nonces.settled(identity, true, plan);
    return sent;
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
