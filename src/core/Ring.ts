/**
 * A bounded list that keeps the newest `capacity` items: a push beyond it drops the oldest. It grows as items come
 * (a device that has run an hour holds an hour, not a day of empty slots) and then overwrites in place, so a full
 * ring costs no shift or copy per push.
 */
export class Ring<T> {
  readonly #items: T[] = [];
  /** Index of the oldest item once the ring is full. */
  #start = 0;

  /** `capacity`: a whole number of at least 1 (a named constant of the caller). */
  constructor(readonly capacity: number) {}

  get length(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** The items, oldest first. */
  toArray(): T[] {
    return [...this.#items.slice(this.#start), ...this.#items.slice(0, this.#start)];
  }

  /** The newest item. */
  last(): T | undefined {
    const n = this.#items.length;
    return n === 0 ? undefined : this.#items[(this.#start + n - 1) % n];
  }
}
