import type { Clock } from "../core/Clock.js";
import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { Mac } from "../core/identity/Mac.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import type { BodyName, Message } from "../wire/codec.js";
import type { Channel, Endpoint } from "../wire/Transport.js";
import type { Rng } from "../core/Rng.js";
import type { Air } from "./Air.js";
import type { Alarms } from "./Alarms.js";
import type { Emit } from "./EventLog.js";

/** A message body without the envelope, e.g. `{ body: "peerProbe", peerProbe: {...} }`. */
export type Outgoing = { [K in BodyName]: Omit<Extract<Message, { body: K }>, "fromDevice"> }[BodyName];

/**
 * Everything a role machine may touch of the outside world, handed in through the machine's input (docs/style.md §1, §3).
 * Tests provide a fake; the Device provides the real one for both worlds.
 */
export interface RoleIo {
  readonly clock: Clock;
  readonly device: string;
  readonly ip: string;
  readonly mac: Mac;
  readonly kind: DeviceKind;
  readonly alarms: Alarms;
  readonly store: Store;
  readonly log: Logger;
  /** This device's own random stream (seeded per device in the sim). */
  readonly rng: Rng;
  /** The radio air around this device; absent on a real node started without an air service (`--air`). */
  readonly air?: Air;
  /** Restarts the device (as a reset does), e.g. after plug and play provisioning. */
  requestReset(reason: string): void;
  send(to: Endpoint, channel: Channel, msg: Outgoing): void;
  /** Aborts the stream to `to`: nothing still queued on it will arrive (see Transport.disconnect). */
  disconnect(to: Endpoint): void;
  readonly emit: Emit;
}
