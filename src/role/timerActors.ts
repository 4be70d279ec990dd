import { fromCallback, type AnyActorRef, type EventObject } from "xstate";
import { every, watchDeadline, watchDeadlines, type Clock } from "../core/Clock.js";
import { sendToChart } from "./chartLane.js";

/** Sends `{ type }` (default "tick") every `ms` on the role's clock, for as long as the invoking state lasts. */
export const ticker = fromCallback<EventObject, { clock: Clock; ms: number; type?: string }>(({ self, input }) => {
  // One event object for every tick: the chart only reads it.
  const tick = { type: input.type ?? "tick" };
  const parent = self._parent!;
  return every(input.clock, input.ms, () => sendToChart(parent, tick));
});

/**
 * Sends `{ type }` once `until()` has passed; `until` may move later meanwhile (see watchDeadline), so renewals cost
 * no re-entry.
 */
export const deadline = fromCallback<EventObject, { clock: Clock; until: () => number; type: string; idleMs?: number }>(
  ({ self, input }) => {
    const parent: AnyActorRef = self._parent!;
    return watchDeadline(input.clock, input.until, () => sendToChart(parent, { type: input.type }), input.idleMs);
  },
);

/** Sends `{ type }` each time `next()` has passed (see watchDeadlines): one timer for a table of deadlines. */
export const deadlines = fromCallback<EventObject, { clock: Clock; next: () => number; type: string; idleMs: number }>(
  ({ self, input }) => {
    const parent: AnyActorRef = self._parent!;
    return watchDeadlines(input.clock, input.next, () => sendToChart(parent, { type: input.type }), input.idleMs);
  },
);
