/**
 * The one event stream (ARCHITECTURE.md "Observability"): state changes, alarms, events and dropped messages of every
 * device. The sim writes it as JSON lines (`--events`), real nodes print it and serve it over HTTP.
 */
export type EventKind =
  | "state"
  | "alarm"
  | "alarm-cleared"
  | "event"
  | "message-dropped"
  | "radio-registered"
  | "radio-unregistered"
  | "rfpi-assigned"
  | "fault"
  | "command"
  | "warning"
  | "sync-lost"
  | "handset";

export interface DeviceEvent {
  /** Virtual ms since the fleet started (sim) or wall-clock ms since the epoch (node). */
  readonly t: number;
  readonly device: string;
  readonly kind: EventKind;
  readonly [field: string]: unknown;
}

export interface EventSink {
  emit(event: DeviceEvent): void;
}

/** Keeps events in memory (tests, sim reports) and forwards them to an optional sink. */
export class EventRecorder implements EventSink {
  readonly events: DeviceEvent[] = [];
  readonly #next: EventSink | undefined;

  constructor(next?: EventSink) {
    this.#next = next;
  }

  emit(event: DeviceEvent): void {
    this.events.push(event);
    this.#next?.emit(event);
  }

  /** JSON lines, one event per line, keys in emission order (deterministic). */
  toJsonl(): string {
    return this.events.map((e) => JSON.stringify(e)).join("\n") + (this.events.length > 0 ? "\n" : "");
  }
}
