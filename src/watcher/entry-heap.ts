/**
 * A binary min-heap that knows where each item sits, so an item can be removed or re-keyed in
 * O(log n) (unwatch, nudge) without a search. Items carry their own slot index; an item that sits
 * in two heaps at once keeps one slot per heap (`IndexSlot`).
 */
export interface HeapItem {
  heapIndex: number;
}

/** Where an item keeps its position in one heap. */
export interface IndexSlot<T> {
  get(item: T): number;
  set(item: T, index: number): void;
}

const HEAP_INDEX: IndexSlot<HeapItem> = {
  get: (item) => item.heapIndex,
  set: (item, index) => {
    item.heapIndex = index;
  },
};

export class EntryHeap<T> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;
  readonly #slot: IndexSlot<T>;

  /** Without `slot`, items must be `HeapItem`s. */
  constructor(before: (a: T, b: T) => boolean, slot: IndexSlot<T> = HEAP_INDEX as unknown as IndexSlot<T>) {
    this.#before = before;
    this.#slot = slot;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  has(item: T): boolean {
    return this.#items[this.#slot.get(item)] === item;
  }

  push(item: T): void {
    this.#slot.set(item, this.#items.length);
    this.#items.push(item);
    this.#up(this.#slot.get(item));
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top) this.remove(top);
    return top;
  }

  remove(item: T): boolean {
    if (!this.has(item)) return false;
    const index = this.#slot.get(item);
    const last = this.#items.pop() as T;
    this.#slot.set(item, -1);
    if (last !== item) {
      this.#items[index] = last;
      this.#slot.set(last, index);
      this.#up(index);
      this.#down(this.#slot.get(last));
    }
    return true;
  }

  #up(index: number): void {
    const items = this.#items;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const a = items[i] as T;
      const b = items[parent] as T;
      if (!this.#before(a, b)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(index: number): void {
    const items = this.#items;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && this.#before(items[left] as T, items[best] as T)) best = left;
      if (right < items.length && this.#before(items[right] as T, items[best] as T)) best = right;
      if (best === i) return;
      this.#swap(i, best);
      i = best;
    }
  }

  #swap(i: number, j: number): void {
    const a = this.#items[i] as T;
    const b = this.#items[j] as T;
    this.#items[i] = b;
    this.#items[j] = a;
    this.#slot.set(a, j);
    this.#slot.set(b, i);
  }
}
