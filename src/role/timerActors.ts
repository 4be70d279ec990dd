import { fromCallback, type EventObject } from "xstate";
import { every, watchDeadline, watchDeadlines, type Clock } from "../core/Clock.js";

/** Sends `{ type }` (default "tick") every `ms` on the role's clock, for as long as the invoking state lasts. */
export const ticker = fromCallback<EventObject, { clock: Clock; ms: number; type?: string }>(({ sendBack, input }) =>
  every(input.clock, input.ms, () => sendBack({ type: input.type ?? "tick" })),
);

/**
 * Sends `{ type }` once `until()` has passed; `until` may move later meanwhile (see watchDeadline), so renewals cost
 * no re-entry.
 */
export const deadline = fromCallback<EventObject, { clock: Clock; until: () => number; type: string; idleMs?: number }>(
  ({ sendBack, input }) => watchDeadline(input.clock, input.until, () => sendBack({ type: input.type }), input.idleMs),
);

/** Sends `{ type }` each time `next()` has passed (see watchDeadlines): one timer for a table of deadlines. */
export const deadlines = fromCallback<EventObject, { clock: Clock; next: () => number; type: string; idleMs: number }>(
  ({ sendBack, input }) => watchDeadlines(input.clock, input.next, () => sendBack({ type: input.type }), input.idleMs),
);
