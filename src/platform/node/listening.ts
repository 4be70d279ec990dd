import type { EventEmitter } from "node:events";

/** Resolves when `start` reports ready; rejects with the first "error" before that (e.g. EADDRINUSE). */
export function listening(emitter: EventEmitter, start: (ready: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    emitter.once("error", reject);
    start(() => {
      emitter.off("error", reject);
      resolve();
    });
  });
}
