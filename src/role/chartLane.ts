import type { AnyActor, AnyActorRef, EventObject } from "xstate";

/**
 * The quiet lane into a role's chart (docs/design.md "Quiet events"). Most events a fleet sends its charts change no
 * state: a heartbeat tick, a Master's heartbeat answer to a radio it holds, a keep-alive grant. In the chart those
 * are transitions without a target whose actions are plain functions of the core. XState still takes each through a
 * macrostep (candidates, microstep, eventless check, a new snapshot), about a quarter of a steady fleet's time. The
 * lane reads the chart's own transition table for the active state and, when the transition an event selects has no
 * target and only plain actions, runs those actions itself, in XState's order, with XState's arguments. Anything
 * else (a target, an assign or raise, an eventless transition, parallel states, an event sent while XState is busy
 * with the actor) goes to `actor.send` unchanged. The chart stays the one place that says what an event does.
 *
 * It reads XState internals (a snapshot's `_nodes`, a state node's `transitions` and `always`, the machine's
 * `implementations`, the actor's `mailbox`), pinned by the exact xstate version in package.json and by
 * test/role/chartLane.test.ts, which runs the same events through both paths.
 */

interface Node {
  readonly type: string;
  readonly parent?: Node;
  readonly always?: readonly unknown[];
  readonly transitions: ReadonlyMap<string, readonly TransitionDef[]>;
}
interface TransitionDef {
  readonly guard?: unknown;
  readonly target?: readonly unknown[];
  readonly reenter: boolean;
  readonly actions: readonly unknown[];
}
interface Snapshot {
  readonly status: string;
  readonly context: unknown;
  readonly _nodes: readonly Node[];
}
type Impl = ((args: unknown, params: unknown) => unknown) & { readonly check?: unknown; readonly resolve?: unknown };
interface Implementations {
  readonly guards: Readonly<Record<string, Impl | undefined>>;
  readonly actions: Readonly<Record<string, Impl | undefined>>;
}
/** A guard or an action with its implementation found once: `params` as configured (XState's rules). */
interface Bound {
  readonly fn: Impl;
  readonly params: unknown;
}
/** One candidate transition: its guard, and its actions when it is quiet (no target, plain actions), else null. */
interface Step {
  readonly guard: Bound | undefined;
  readonly actions: readonly Bound[] | null;
}
/** What guards and actions are called with (XState's `{ context, event }` and `{ context, event, self, system }`). */
interface Args {
  context: unknown;
  event: EventObject | undefined;
  readonly self: AnyActor;
  system: unknown;
}
/** The candidates for one event type in one configuration, leaf first; null when the lane cannot judge. */
type Plan = readonly Step[] | null;

/** Where an actor keeps its lane: on the actor itself (a WeakMap lookup per event cost more at 2047 radios). */
const LANE = Symbol("chartLane");
type Laned = AnyActorRef & { [LANE]?: ChartLane };

/** Sends `event` to a role's chart through its lane (when it has one). */
export function sendToChart<A extends AnyActorRef>(actor: A, event: Parameters<A["send"]>[0]): void {
  const lane = (actor as Laned)[LANE];
  if (lane === undefined) actor.send(event);
  else lane.send(event);
}

/** Opens the lane of a role actor, before it starts (its timer actors find it through their parent). */
export function openLane(actor: AnyActor, failed: (err: unknown) => void): void {
  (actor as Laned)[LANE] = new ChartLane(actor, failed);
}

class ChartLane {
  readonly #actor: AnyActor;
  readonly #failed: (err: unknown) => void;
  readonly #impl: Implementations;
  /** The snapshot the plans were made for: XState makes a new one for every macrostep, the lane never does. */
  #snapshot: unknown;
  #plans = new Map<string, Plan>();
  /** The lane is running actions: events sent meanwhile wait in `#queue`, as in XState's mailbox. */
  #busy = false;
  readonly #queue: EventObject[] = [];
  /**
   * The arguments of guards and actions, one object filled in for each event (XState makes new ones; no guard or
   * action of ours keeps them), as every event of a steady fleet would otherwise allocate two.
   */
  readonly #args: Args;

  constructor(actor: AnyActor, failed: (err: unknown) => void) {
    this.#actor = actor;
    this.#failed = failed;
    this.#impl = (actor.logic as unknown as { implementations: Implementations }).implementations;
    this.#args = { context: undefined, event: undefined, self: actor, system: undefined };
  }

  send(event: EventObject): void {
    if (this.#busy) {
      this.#queue.push(event);
      return;
    }
    const busy = (this.#actor as unknown as { mailbox: { _current: unknown } }).mailbox._current !== null;
    if (busy || !this.#quiet(event)) this.#actor.send(event);
  }

  /** Runs `event` in the lane when its transition is quiet; false when XState must take it. */
  #quiet(event: EventObject): boolean {
    const snapshot = this.#actor.getSnapshot() as Snapshot;
    if (snapshot.status !== "active") return false;
    if (this.#snapshot !== snapshot) {
      this.#snapshot = snapshot;
      this.#plans = new Map();
    }
    let plan = this.#plans.get(event.type);
    if (plan === undefined) this.#plans.set(event.type, (plan = this.#plan(snapshot, event.type)));
    if (plan === null) return false;
    const context = snapshot.context;
    const args = this.#args;
    args.context = context;
    args.event = event;
    for (const step of plan) {
      if (step.guard !== undefined) {
        let passed: unknown;
        try {
          passed = step.guard.fn(args, params(step.guard.params, context, event));
        } catch {
          return false; // XState reports it (the role fails) as it always did
        }
        if (!passed) continue;
      }
      if (step.actions === null) return false;
      this.#run(step.actions, args);
      return true;
    }
    return true; // no transition is enabled: XState would drop the event (and this configuration has no eventless one)
  }

  #run(actions: readonly Bound[], args: Args): void {
    const { context, event } = args;
    args.system = this.#actor.system;
    this.#busy = true;
    try {
      for (const a of actions) a.fn(args, params(a.params, context, event!));
    } catch (err) {
      // As XState does with an action that throws: the role stops and says why; the device goes on.
      this.#busy = false;
      this.#queue.length = 0;
      this.#actor.stop();
      return this.#failed(err);
    }
    this.#busy = false;
    if (this.#queue.length > 0) for (const e of this.#queue.splice(0)) this.send(e);
  }

  /** XState's candidates for `type` (StateNode.next, leaf to root), or null when the lane cannot judge this state. */
  #plan(snapshot: Snapshot, type: string): Plan {
    const atomic = snapshot._nodes.filter((n) => n.type === "atomic" || n.type === "final");
    if (atomic.length !== 1) return null;
    if (snapshot._nodes.some((n) => (n.always?.length ?? 0) > 0)) return null;
    const steps: Step[] = [];
    for (let n: Node | undefined = atomic[0]; n !== undefined; n = n.parent) {
      for (const key of n.transitions.keys()) if (key !== type && key.includes("*")) return null;
      for (const t of n.transitions.get(type) ?? []) {
        const guard = t.guard === undefined ? undefined : this.#bind(t.guard, this.#impl.guards);
        if (guard === null) return null;
        steps.push({ guard, actions: this.#quietActions(t) });
      }
    }
    return steps;
  }

  /** The actions of a transition the lane may run, or null (a target, a re-entry, a built-in action). */
  #quietActions(t: TransitionDef): readonly Bound[] | null {
    if ((t.target?.length ?? 0) > 0 || t.reenter) return null;
    const bound: Bound[] = [];
    for (const a of t.actions) {
      const b = this.#bind(a, this.#impl.actions);
      if (b === null) return null;
      if (b !== undefined) bound.push(b);
    }
    return bound;
  }

  /**
   * A guard or action as XState resolves it (evaluateGuard, resolveAndExecuteActionsWithContext): inline, by name,
   * or `{ type, params }`. null for built-ins (they have `check` or `resolve`); undefined for an action name with no
   * implementation, which XState skips.
   */
  #bind(item: unknown, table: Implementations["guards"]): Bound | null | undefined {
    const inline = typeof item === "function";
    const fn = inline ? (item as Impl) : table[typeof item === "string" ? item : (item as { type: string }).type];
    if (fn === undefined) return table === this.#impl.guards ? null : undefined;
    if (typeof fn !== "function" || "check" in fn || "resolve" in fn) return null;
    const p = inline || typeof item === "string" ? undefined : (item as { params?: unknown }).params;
    return { fn, params: p };
  }
}

/** `params` as XState gives them: a function of context and event is called each time. */
function params(p: unknown, context: unknown, event: EventObject): unknown {
  return typeof p === "function" ? (p as (a: unknown) => unknown)({ context, event }) : p;
}
