/**
 * The playground's `Messenger`: posting, editing and DMs land in the conversation log, which
 * the open pages receive over server-sent events. A DM lives in the `dm:<user id>` channel and
 * only that person's page shows it. With workspaces, every message is tagged with the workspace
 * its channel (or its DM's person) belongs to, so no page of another workspace ever shows it.
 */
import type { Messenger } from '../../src/core/shared/ports.ts';
import { MENTION_FALLBACK, type Reply } from '../../src/core/shared/reply.ts';
import type { ConversationRef, MessageRef, UserRef } from '../../src/core/shared/types.ts';
import type { ConversationLog } from './conversation-log.ts';
import type { ApproversFor } from './inbound.ts';
import { toWebReply } from './render.ts';
import { PlaygroundWorld } from './workspaces.ts';

export const BOT = { id: 'mlbot', name: 'mlbot' } as const;

export function dmChannel(userId: string): string {
  return `dm:${userId}`;
}

export class WebMessenger implements Messenger {
  readonly platform = 'web' as const;
  readonly #log: ConversationLog;
  readonly #now: () => number;
  readonly #world: PlaygroundWorld;
  readonly #fallbackFor: ApproversFor | undefined;

  /** `fallbackFor`: a workspace's fallback approvers (issue 17), named in escalation posts. */
  constructor(
    log: ConversationLog,
    now: () => number = Date.now,
    world: PlaygroundWorld = new PlaygroundWorld(),
    fallbackFor?: ApproversFor,
  ) {
    this.#log = log;
    this.#now = now;
    this.#world = world;
    this.#fallbackFor = fallbackFor;
  }

  /** The fallback people of the channel's workspace, read only for a post that mentions them. */
  async #fallback(channelId: string, reply: Reply): Promise<readonly string[] | undefined> {
    if (!this.#fallbackFor || !reply.text.includes(MENTION_FALLBACK)) return undefined;
    return this.#fallbackFor(this.#world.multi ? this.#world.tagOfChannel(channelId) : undefined);
  }

  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef> {
    const channelId = this.#world.channelFor(to);
    const fallback = await this.#fallback(channelId, reply);
    const message = await this.#log.add({
      channelId,
      // The channel says which workspace it is in (as on Slack); the ref's word only for a channel we do not know.
      ...this.#tag(channelId, to.workspaceId),
      kind: 'bot',
      author: BOT,
      at: this.#now(),
      reply: toWebReply(reply, this.#world.displayName, fallback),
      ...(options?.thread ? { threadId: options.thread.messageId } : {}),
    });
    return {
      platform: 'web',
      channelId: message.channelId,
      messageId: message.id,
      ...(message.threadId ? { threadId: message.threadId } : {}),
    };
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    const rendered = toWebReply(reply, this.#world.displayName);
    if (await this.#log.edit(ref.messageId, rendered, this.#now())) return;
    // The capped log forgot it (or the process restarted): show the new state as a fresh
    // message rather than losing it, as a chat client would after a reload.
    await this.#log.add({
      channelId: ref.channelId,
      ...this.#tag(ref.channelId),
      kind: ref.channelId.startsWith('dm:') ? 'dm' : 'bot',
      author: BOT,
      at: this.#now(),
      reply: rendered,
      ...(ref.channelId.startsWith('dm:') ? { visibleTo: ref.channelId.slice(3) } : {}),
      ...(ref.threadId ? { threadId: ref.threadId } : {}),
    });
  }

  async dm(user: UserRef, reply: Reply): Promise<MessageRef> {
    const channelId = dmChannel(user.id);
    const message = await this.#log.add({
      channelId,
      ...this.#tag(channelId),
      kind: 'dm',
      visibleTo: user.id,
      author: BOT,
      at: this.#now(),
      reply: toWebReply(reply, this.#world.displayName),
    });
    return { platform: 'web', channelId, messageId: message.id };
  }

  #tag(channelId: string, claimed?: string): { workspaceId?: string } {
    if (!this.#world.multi) return {};
    const workspaceId = this.#world.tagOfChannel(channelId) ?? claimed;
    return workspaceId ? { workspaceId } : {};
  }
}
