/**
 * The pending checkouts: a map by checkout session id and three heaps. `waiting` is ordered by due
 * time; entries that fall due move to `ready`, ordered by urgency ("I've paid", then fresh links,
 * then old ones, then sessions nobody waits for: closed requests' and superseded links') and,
 * within a rank, by how long they have been due. Keyed by session, not request: a request can have
 * several payable sessions (a New link does not stop the old one being paid). `early` holds, besides, checkouts
 * that may get an early check from spare budget, by when they become eligible (early-checks.ts).
 */
import type { CheckoutWatch, ConfirmOutcome } from '../core/shared/ports.ts';
import { EntryHeap } from './entry-heap.ts';

export const RANK_NUDGED = 0;
export const RANK_FRESH = 1;
export const RANK_OLD = 2;
/** Background: a closed request's or superseded attempt's session, still payable. */
export const RANK_BACKGROUND = 3;

/** Per pending checkout: a few numbers and the watch itself (about 500 bytes in all). */
export interface Entry {
  readonly watch: CheckoutWatch;
  /** When the link was created: the schedule's age origin. */
  readonly since: number;
  nudgedAt: number;
  dueAt: number;
  rank: number;
  heapIndex: number;
  failures: number;
  /** The rescan generation that last saw this checkout in the store. */
  generation: number;
  busy: boolean;
  leaseHeld: boolean;
  /** A final outcome the engine has not accepted yet. */
  outcome: ConfirmOutcome | undefined;
  /** Whether the engine must record the session's end with that outcome (the watch ends). */
  outcomeEnds: boolean;
  /** Nobody waits for it (request closed or link superseded): low priority, slower schedule. */
  background: boolean;
  /**
   * A not-final outcome (not found, or the bot's expiry while ModelsLab still says open) was
   * handed to the engine already: later answers of the same kind are "not yet", not news.
   */
  reported: ConfirmOutcome['status'] | undefined;

  /** When the last confirm call for it started; 0 before the first. */
  lastCheckAt: number;
  /** Early checks spent on it so far. */
  earlyUsed: number;
  /** When it may next get an early check (its key in the `early` heap). */
  earlyAt: number;
  earlyIndex: number;
}

const EARLY_INDEX = {
  get: (entry: Entry) => entry.earlyIndex,
  set: (entry: Entry, index: number) => {
    entry.earlyIndex = index;
  },
};

export class WatchQueue {
  readonly #entries = new Map<string, Entry>();
  readonly #waiting = new EntryHeap<Entry>((a, b) => a.dueAt < b.dueAt);
  readonly #ready = new EntryHeap<Entry>((a, b) => a.rank < b.rank || (a.rank === b.rank && a.dueAt < b.dueAt));
  readonly #early = new EntryHeap<Entry>((a, b) => a.earlyAt < b.earlyAt, EARLY_INDEX);

  get size(): number {
    return this.#entries.size;
  }

  get readyCount(): number {
    return this.#ready.size;
  }

  get(sessionId: string): Entry | undefined {
    return this.#entries.get(sessionId);
  }

  all(): Entry[] {
    return [...this.#entries.values()];
  }

  isCurrent(entry: Entry): boolean {
    return this.#entries.get(entry.watch.sessionId) === entry;
  }

  add(watch: CheckoutWatch, since: number, dueAt: number, nudgedAt: number, generation: number): Entry {
    const entry: Entry = {
      watch,
      since,
      nudgedAt,
      dueAt,
      rank: RANK_OLD,
      heapIndex: -1,
      failures: 0,
      generation,
      busy: false,
      leaseHeld: false,
      outcome: undefined,
      outcomeEnds: false,
      background: watch.background === true,
      reported: undefined,
      lastCheckAt: 0,
      earlyUsed: 0,
      earlyAt: 0,
      earlyIndex: -1,
    };
    this.#entries.set(watch.sessionId, entry);
    this.#waiting.push(entry);
    return entry;
  }

  delete(entry: Entry): void {
    if (this.isCurrent(entry)) this.#entries.delete(entry.watch.sessionId);
    this.#waiting.remove(entry);
    this.#ready.remove(entry);
    this.#early.remove(entry);
  }

  /** Out of the waiting and ready heaps while a check is in flight; its outcome reschedules it. */
  park(entry: Entry): void {
    this.#waiting.remove(entry);
    this.#ready.remove(entry);
  }

  /** (Re)schedule: out of whichever heap it is in, into `waiting` at `dueAt`. */
  schedule(entry: Entry, dueAt: number): void {
    this.#ready.remove(entry);
    this.#waiting.remove(entry);
    entry.dueAt = dueAt;
    this.#waiting.push(entry);
  }

  promoteDue(now: number, rankOf: (entry: Entry) => number): void {
    for (let top = this.#waiting.peek(); top && top.dueAt <= now; top = this.#waiting.peek()) {
      this.#waiting.remove(top);
      top.rank = rankOf(top);
      this.#ready.push(top);
    }
  }

  pushReady(entry: Entry, rank: number): void {
    this.#waiting.remove(entry);
    entry.rank = rank;
    this.#ready.push(entry);
  }

  peekReady(): Entry | undefined {
    return this.#ready.peek();
  }

  /** True if it was ready (and now is not); false if something else moved it meanwhile. */
  takeReady(entry: Entry): boolean {
    return this.#ready.remove(entry);
  }

  /** (Re)place it among the candidates for an early check, eligible from `earlyAt`. */
  enrollEarly(entry: Entry, earlyAt: number): void {
    this.#early.remove(entry);
    entry.earlyAt = earlyAt;
    this.#early.push(entry);
  }

  withdrawEarly(entry: Entry): void {
    this.#early.remove(entry);
  }

  peekEarly(): Entry | undefined {
    return this.#early.peek();
  }

  isEarlyCandidate(entry: Entry): boolean {
    return this.#early.has(entry);
  }

  /** The due time of an entry that is waiting (not ready, not in flight); undefined otherwise. */
  waitingDueAt(entry: Entry): number | undefined {
    return this.#waiting.has(entry) ? entry.dueAt : undefined;
  }

  isReady(entry: Entry): boolean {
    return this.#ready.has(entry);
  }

  nextDueAt(): number {
    return this.#waiting.peek()?.dueAt ?? Number.POSITIVE_INFINITY;
  }
}
