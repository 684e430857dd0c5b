/**
 * The playground's memory of what was said: every channel post, DM and ephemeral reply, newest
 * last, capped (a demo left open all day must not grow without bound). Listeners hear each new
 * or edited message; the SSE stream is one listener per open page.
 */
import type { WebReply } from './render.ts';

export type WebMessageKind = 'bot' | 'dm' | 'ephemeral' | 'invocation';

export interface WebMessage {
  readonly id: string;
  /** Order of first appearance; an edit keeps it. */
  readonly seq: number;
  readonly channelId: string;
  readonly kind: WebMessageKind;
  /** Only this person sees it (DMs, ephemeral replies, one's own command). */
  readonly visibleTo?: string;
  /** The parent message (receipts sit in the request card's thread). */
  readonly threadId?: string;
  /** Who wrote it: the bot, or for an invocation the person who typed the command. */
  readonly author: { readonly id: string; readonly name: string };
  readonly at: number;
  readonly editedAt?: number;
  readonly reply: WebReply;
}

export type LogListener = (message: WebMessage) => void;

export class ConversationLog {
  readonly #messages = new Map<string, WebMessage>();
  readonly #listeners = new Set<LogListener>();
  readonly #limit: number;
  #seq = 0;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  add(message: Omit<WebMessage, 'id' | 'seq'>): WebMessage {
    this.#seq += 1;
    const stored: WebMessage = { ...message, id: `web-${this.#seq}`, seq: this.#seq };
    this.#messages.set(stored.id, stored);
    while (this.#messages.size > this.#limit) {
      const oldest = this.#messages.keys().next().value;
      if (oldest === undefined) break;
      this.#messages.delete(oldest);
    }
    this.#emit(stored);
    return stored;
  }

  /** Replace the content of a message; undefined when it is not (or no longer) in the log. */
  edit(id: string, reply: WebReply, at: number): WebMessage | undefined {
    const current = this.#messages.get(id);
    if (!current) return undefined;
    const edited: WebMessage = { ...current, reply, editedAt: at };
    this.#messages.set(id, edited);
    this.#emit(edited);
    return edited;
  }

  get(id: string): WebMessage | undefined {
    return this.#messages.get(id);
  }

  /** Everything this person may see, oldest first. */
  visibleTo(personId: string): WebMessage[] {
    return [...this.#messages.values()].filter((m) => canSee(m, personId));
  }

  size(): number {
    return this.#messages.size;
  }

  subscribe(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(message: WebMessage): void {
    for (const listener of this.#listeners) listener(message);
  }
}

export function canSee(message: WebMessage, personId: string): boolean {
  return message.visibleTo === undefined || message.visibleTo === personId;
}
