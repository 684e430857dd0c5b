/**
 * A Messenger and Responders that record everything the engine sends, with the Reply as sent.
 * Ours to fake (Messenger and Responder are core ports). Helpers answer what a user would see:
 * the DMs someone got, what was posted in channels, whether a string appears anywhere.
 */
import { DmClosedError, MessengerError } from '../../src/core/shared/errors.ts';
import type { Messenger, Responder } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { ClickedMessage, ConversationRef, MessageRef, Platform, UserRef } from '../../src/core/shared/types.ts';

/** `replace`: a Responder's replaceOriginal (the clicked message replaced in place). */
export type RecordedKind = 'post' | 'update' | 'dm' | 'reply' | 'replace';

export interface Recorded {
  readonly kind: RecordedKind;
  readonly reply: Reply;
  /** post: the channel; dm: the user's DM channel; update: the edited message's channel. */
  readonly channelId: string;
  /** dm: recipient; reply: the actor answered. */
  readonly userId?: string;
  /** post in a thread: the parent message. */
  readonly thread?: MessageRef;
  /** post/dm: the new message; update: the edited one. */
  readonly ref?: MessageRef;
}

/** Everything a Reply shows, as one string (buttons and their URLs included). */
export function textOf(reply: Reply): string {
  return JSON.stringify(reply);
}

export class RecordingMessenger implements Messenger {
  readonly platform: Platform;
  readonly log: Recorded[] = [];
  /** Users whose DMs are closed: `dm` throws DmClosedError. */
  readonly closedDms = new Set<string>();
  /** Called before each operation; throw from it to simulate a crash or an outage at that point. */
  beforeSend: ((kind: RecordedKind, reply: Reply) => void) | undefined;
  #seq = 0;

  constructor(platform: Platform = 'slack') {
    this.platform = platform;
  }

  async post(to: ConversationRef, reply: Reply, options?: { readonly thread?: MessageRef }): Promise<MessageRef> {
    this.beforeSend?.('post', reply);
    const ref: MessageRef = {
      platform: this.platform,
      channelId: to.channelId,
      messageId: `m${++this.#seq}`,
      ...(options?.thread ? { threadId: options.thread.messageId } : {}),
    };
    this.log.push({
      kind: 'post',
      reply,
      channelId: to.channelId,
      ref,
      ...(options?.thread ? { thread: options.thread } : {}),
    });
    return ref;
  }

  async update(message: MessageRef, reply: Reply): Promise<void> {
    this.beforeSend?.('update', reply);
    if (!this.log.some((r) => r.ref?.messageId === message.messageId)) {
      throw new MessengerError(`no such message ${message.messageId}`);
    }
    this.log.push({ kind: 'update', reply, channelId: message.channelId, ref: message });
  }

  async dm(user: UserRef, reply: Reply): Promise<MessageRef> {
    this.beforeSend?.('dm', reply);
    if (this.closedDms.has(user.id)) throw new DmClosedError();
    const ref: MessageRef = { platform: this.platform, channelId: `D-${user.id}`, messageId: `m${++this.#seq}` };
    this.log.push({ kind: 'dm', reply, channelId: ref.channelId, userId: user.id, ref });
    return ref;
  }

  /**
   * A Responder answering `userId`, recording into the same log. With `canReplace` it also offers
   * `replaceOriginal` (as Slack and Discord do for button clicks); those land in `replaced`.
   */
  responder(
    userId: string,
    channelId = 'C-general',
    options: { readonly canReplace?: boolean } = {},
  ): Responder & { readonly replies: Reply[]; readonly replaced: Reply[] } {
    const replies: Reply[] = [];
    const replaced: Reply[] = [];
    const replaceOriginal = async (reply: Reply) => {
      replaced.push(reply);
      this.log.push({ kind: 'replace', reply, channelId, userId });
    };
    return {
      replies,
      replaced,
      reply: async (reply: Reply) => {
        replies.push(reply);
        this.log.push({ kind: 'reply', reply, channelId, userId });
      },
      ...(options.canReplace ? { replaceOriginal } : {}),
    };
  }

  /**
   * The message a person clicking the button (`action`, `value`) would click it on: the newest
   * message whose any version showed that button (a stale card still reports its own id), or an
   * ephemeral answer to `userId` that showed it. Undefined when no message ever showed it (a
   * forged click). The engine checks the click against the request's own messages.
   */
  messageWithButton(action: string, value: string, userId: string): ClickedMessage | undefined {
    const shows = (r: Recorded) =>
      (r.reply.buttons ?? []).some((b) => b.kind === 'action' && b.action === action && b.value === value);
    for (let i = this.log.length - 1; i >= 0; i--) {
      const r = this.log[i]!;
      if (!shows(r)) continue;
      if (r.ref) return { ...r.ref };
      if (r.kind === 'reply' && r.userId === userId) {
        return { platform: this.platform, channelId: r.channelId, messageId: `ephemeral-${i}`, ephemeral: true };
      }
    }
    return undefined;
  }

  /** DMs sent to the user, and edits of those DMs, in order. */
  dmsTo(userId: string): Recorded[] {
    const dmIds = new Set(this.log.filter((r) => r.kind === 'dm' && r.userId === userId).map((r) => r.ref?.messageId));
    return this.log.filter(
      (r) => (r.kind === 'dm' && r.userId === userId) || (r.kind === 'update' && dmIds.has(r.ref?.messageId)),
    );
  }

  /** Posts and edits of posts in channels (cards, receipts, thread notices): what everyone sees. */
  channelPosts(): Recorded[] {
    const postIds = new Set(this.log.filter((r) => r.kind === 'post').map((r) => r.ref?.messageId));
    return this.log.filter((r) => r.kind === 'post' || (r.kind === 'update' && postIds.has(r.ref?.messageId)));
  }

  /** Replies through a Responder, optionally to one user. */
  replies(userId?: string): Recorded[] {
    return this.log.filter((r) => r.kind === 'reply' && (userId === undefined || r.userId === userId));
  }

  /** Posts in the thread of `parent`. */
  threadPosts(parent: MessageRef): Recorded[] {
    return this.log.filter((r) => r.kind === 'post' && r.thread?.messageId === parent.messageId);
  }

  /** The message as it looks now: its last update, or the original. */
  latest(ref: MessageRef): Reply | undefined {
    return this.log.findLast((r) => r.ref?.messageId === ref.messageId)?.reply;
  }

  /** Every recorded message whose content contains `text`. */
  containsText(text: string): Recorded[] {
    return this.log.filter((r) => textOf(r.reply).includes(text));
  }
}
