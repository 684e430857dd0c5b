/**
 * The pending checkouts: a map by request id and two heaps. `waiting` is ordered by due time;
 * entries that fall due move to `ready`, ordered by urgency ("I've paid", then fresh links, then
 * old ones) and, within a rank, by how long they have been due.
 */
import type { CheckoutWatch, ConfirmOutcome } from '../core/ports.ts';
import { EntryHeap } from './entry-heap.ts';

export const RANK_NUDGED = 0;
export const RANK_FRESH = 1;
export const RANK_OLD = 2;

/** Per pending checkout: a few numbers and the watch itself (about 400 bytes in all). */
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
}

export class WatchQueue {
  readonly #entries = new Map<string, Entry>();
  readonly #waiting = new EntryHeap<Entry>((a, b) => a.dueAt < b.dueAt);
  readonly #ready = new EntryHeap<Entry>((a, b) => a.rank < b.rank || (a.rank === b.rank && a.dueAt < b.dueAt));

  get size(): number {
    return this.#entries.size;
  }

  get readyCount(): number {
    return this.#ready.size;
  }

  get(requestId: string): Entry | undefined {
    return this.#entries.get(requestId);
  }

  all(): Entry[] {
    return [...this.#entries.values()];
  }

  isCurrent(entry: Entry): boolean {
    return this.#entries.get(entry.watch.requestId) === entry;
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
    };
    this.#entries.set(watch.requestId, entry);
    this.#waiting.push(entry);
    return entry;
  }

  delete(entry: Entry): void {
    if (this.isCurrent(entry)) this.#entries.delete(entry.watch.requestId);
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

  nextDueAt(): number {
    return this.#waiting.peek()?.dueAt ?? Number.POSITIVE_INFINITY;
  }
}
