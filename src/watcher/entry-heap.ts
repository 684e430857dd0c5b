/**
 * A binary min-heap that knows where each item sits, so an item can be removed or re-keyed in
 * O(log n) (unwatch, nudge) without a search. Items carry their own slot index.
 */
export interface HeapItem {
  heapIndex: number;
}

export class EntryHeap<T extends HeapItem> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;

  constructor(before: (a: T, b: T) => boolean) {
    this.#before = before;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  has(item: T): boolean {
    return this.#items[item.heapIndex] === item;
  }

  push(item: T): void {
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top) this.remove(top);
    return top;
  }

  remove(item: T): boolean {
    if (!this.has(item)) return false;
    const index = item.heapIndex;
    const last = this.#items.pop() as T;
    item.heapIndex = -1;
    if (last !== item) {
      this.#items[index] = last;
      last.heapIndex = index;
      this.#up(index);
      this.#down(last.heapIndex);
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
    a.heapIndex = j;
    b.heapIndex = i;
  }
}
