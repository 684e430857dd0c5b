/**
 * The playground's memory of what was said: every channel post, DM and ephemeral reply, newest
 * last, capped (a demo left open all day must not grow without bound; messages with buttons go
 * last). Listeners hear each new
 * or edited message; the SSE stream is one listener per open page.
 *
 * With a storage (the app passes the store's), the log outlives the process: `restore()` reads
 * it back at start, so cards keep their buttons and receipts find their threads after a restart.
 * A message is announced, and its reference handed out, only once it is written.
 */
import type { ConversationStorage } from './conversation-store.ts';
import type { WebReply } from './render.ts';

export type WebMessageKind = 'bot' | 'dm' | 'ephemeral' | 'invocation';

export interface WebMessage {
  readonly id: string;
  /** Order of first appearance; an edit keeps it. */
  readonly seq: number;
  /** Bumped by every add and edit, from the same counter as `seq`: "is this newer than what I saw?" */
  readonly rev: number;
  readonly channelId: string;
  /**
   * Workspaces mode: the workspace it belongs to; only that workspace's people see it. Absent in
   * the single playground (and in logs it wrote before workspaces existed).
   */
  readonly workspaceId?: string;
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
  /** Only in the announcement of a removal ("Never mind"): the page drops the message. */
  readonly removed?: true;
}

export type LogListener = (message: WebMessage) => void;

/** Who looks: a person, and in workspaces mode their workspace. */
export interface Viewer {
  readonly id: string;
  readonly workspaceId?: string;
}

export class ConversationLog {
  readonly #messages = new Map<string, WebMessage>();
  readonly #listeners = new Set<LogListener>();
  readonly #limit: number;
  readonly #storage: ConversationStorage | undefined;
  #counter = 0;

  constructor(limit = 500, storage?: ConversationStorage) {
    this.#limit = limit;
    this.#storage = storage;
  }

  /** Read back what the storage kept (once, at start, before anyone posts). */
  async restore(): Promise<number> {
    if (!this.#storage) return 0;
    const { counter, messages } = await this.#storage.load();
    for (const m of messages) this.#messages.set(m.id, { ...m, rev: m.rev ?? m.seq });
    const highest = Math.max(0, ...messages.map((m) => Math.max(m.seq, m.rev ?? 0)));
    this.#counter = Math.max(this.#counter, counter, highest);
    return messages.length;
  }

  async add(message: Omit<WebMessage, 'id' | 'seq' | 'rev'>): Promise<WebMessage> {
    this.#counter += 1;
    const stored: WebMessage = { ...message, id: `web-${this.#counter}`, seq: this.#counter, rev: this.#counter };
    // In the map at once, so a head written meanwhile by another call names it too.
    this.#messages.set(stored.id, stored);
    const dropped: string[] = [];
    while (this.#messages.size > this.#limit) {
      const victim = this.#evictable();
      if (victim === undefined) break;
      this.#messages.delete(victim);
      dropped.push(victim);
    }
    try {
      await this.#storage?.save(stored, this.#head());
    } catch (error) {
      this.#messages.delete(stored.id);
      throw error;
    }
    if (dropped.length) void this.#storage?.forget(dropped).catch(() => {});
    this.#emit(stored);
    return stored;
  }

  /** Replace the content of a message; undefined when it is not (or no longer) in the log. */
  async edit(id: string, reply: WebReply, at: number): Promise<WebMessage | undefined> {
    const current = this.#messages.get(id);
    if (!current) return undefined;
    this.#counter += 1;
    const edited: WebMessage = { ...current, reply, editedAt: at, rev: this.#counter };
    this.#messages.set(id, edited);
    await this.#storage?.save(edited, this.#head());
    this.#emit(edited);
    return edited;
  }

  /** Take a message out ("Never mind" on a private one); listeners hear it with `removed: true`. */
  async remove(id: string): Promise<boolean> {
    const current = this.#messages.get(id);
    if (!current) return false;
    this.#messages.delete(id);
    this.#counter += 1;
    await this.#storage?.forget([id]);
    this.#emit({ ...current, rev: this.#counter, removed: true });
    return true;
  }

  get(id: string): WebMessage | undefined {
    return this.#messages.get(id);
  }

  /** Everything this person may see, oldest first. */
  visibleTo(viewer: Viewer): WebMessage[] {
    return [...this.#messages.values()].filter((m) => canSee(m, viewer));
  }

  /** Per person of one workspace, the newest revision among their DMs: who has news (never what it says). */
  dmActivity(workspaceId?: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of this.#messages.values()) {
      if (m.kind !== 'dm' || !m.visibleTo || m.workspaceId !== workspaceId) continue;
      out[m.visibleTo] = Math.max(out[m.visibleTo] ?? 0, m.rev);
    }
    return out;
  }

  size(): number {
    return this.#messages.size;
  }

  subscribe(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The oldest message without a button to press, else the oldest: a card that still waits for
   * Approve outlives the chatter after it, so a busy demo does not strand a request.
   */
  #evictable(): string | undefined {
    for (const [id, m] of this.#messages) if (!m.reply.buttons.some((b) => b.kind === 'action')) return id;
    return this.#messages.keys().next().value;
  }

  #head() {
    return { counter: this.#counter, ids: [...this.#messages.keys()] };
  }

  #emit(message: WebMessage): void {
    for (const listener of this.#listeners) listener(message);
  }
}

/** Their workspace's messages only, and of those the public ones and their own. */
export function canSee(message: WebMessage, viewer: Viewer): boolean {
  if (message.workspaceId !== viewer.workspaceId) return false;
  return message.visibleTo === undefined || message.visibleTo === viewer.id;
}
