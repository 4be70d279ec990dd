import { createActor, type Actor, type AnyStateMachine, type InputFrom } from "xstate";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import { openLane } from "../role/chartLane.js";

/**
 * Starts a role's chart on the device's clock. A role that throws is logged and stops; the device and its other roles
 * keep running (docs/architecture.md "Charts own mode and time; cores own data").
 */
export function startRoleActor<M extends AnyStateMachine>(
  machine: M,
  input: InputFrom<M>,
  clock: Clock,
  log: Logger,
  role: string,
): Actor<M> {
  const actor = createActor(machine, { input, clock });
  const failed = (err: unknown) => log.log("error", "role failed", { role, error: String(err) });
  actor.subscribe({ error: failed });
  // Events that change no state skip XState's macrostep (role/chartLane.ts); the chart still says what they do.
  openLane(actor, failed);
  actor.start();
  return actor;
}
