/**
 * Runs asynchronous steps one after another, each starting when the one before has settled: a change that reads the
 * current state and writes the next (a read-modify-write to flash) cannot interleave with another and lose it. A step
 * that fails does not stop the next.
 */
export class InOrder {
  #last: Promise<unknown> = Promise.resolve();

  /** Runs `step` after the steps queued before it; settles as it does. */
  run<T>(step: () => Promise<T>): Promise<T> {
    const done = this.#last.then(step);
    this.#last = done.catch(() => undefined);
    return done;
  }
}
