import { IpdectError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import { LinkRefusal, type LinkGuard } from "../role/LinkGuard.js";
import type { Emit } from "../role/EventLog.js";
import type { Outgoing } from "../role/RoleIo.js";
import type { Message } from "../wire/codec.js";
import type { Channel, Endpoint, Transport } from "../wire/Transport.js";
import { routeFrame, type RoutedRoles } from "./frameRouter.js";
import type { RoleSet } from "./RoleSet.js";
import type { Counters } from "./status.js";

/** Before a boot has started its roles, and after a stop: frames reach none. */
export const NO_ROLES: RoutedRoles = { master: false, pari: false, radio: false, masterPeer: undefined };

/** What the frame side needs of its device. */
export interface FramesDevice {
  readonly log: Logger;
  readonly emit: Emit;
  readonly transport: Transport;
  name(): string;
  up(): boolean;
  roles(): RoleSet;
}

/**
 * A device's frames to and from the other devices: each sealed and opened by this boot's LinkGuard (docs/design.md
 * "Device links"), counted, and routed to the role that takes it (frameRouter.ts). A frame that cannot be taken is
 * dropped: counted, logged, reported in the event log, never fatal.
 */
export class DeviceFrames {
  readonly counters: Counters = { framesIn: 0, framesOut: 0, framesDropped: 0 };
  /** This boot's LinkGuard (bootParts.ts bootLinkGuard); new at every boot. */
  links: LinkGuard | undefined;
  /** Which roles this boot runs, as frames are routed to them (set at the end of each boot). */
  routed: RoutedRoles = NO_ROLES;
  readonly #d: FramesDevice;

  constructor(d: FramesDevice) {
    this.#d = d;
  }

  /** A frame the LinkGuard itself sends (its handshakes): counted and sent as it is. */
  readonly sendSealed = (to: Endpoint, channel: Channel, frame: Uint8Array): void => {
    this.counters.framesOut++;
    this.#d.transport.send(to, channel, frame);
  };

  send(to: Endpoint, channel: Channel, msg: Outgoing): void {
    if (!this.#d.up()) return;
    this.counters.framesOut++;
    const full = { fromDevice: this.#d.name(), ...msg } as Message;
    this.#d.transport.send(to, channel, this.links!.seal(to, channel, full));
  }

  /** Forgets a peer (a role ends its link): the LinkGuard's state of it, and the connection. */
  disconnect(to: Endpoint): void {
    this.links?.forget(to);
    this.#d.transport.disconnect(to);
  }

  receive(frame: Uint8Array, from: Endpoint, channel: Channel): void {
    if (!this.#d.up()) return;
    this.counters.framesIn++;
    try {
      const opened = this.links!.open(frame, from, channel);
      if (opened instanceof LinkRefusal) return this.#dropped(from, channel, opened.code, opened.reason);
      if (opened === undefined) return;
      const route = routeFrame(opened, from, this.routed);
      if (route.to === "dropped") return this.#dropped(from, channel, route.code, route.reason);
      this.#d.roles().deliver(route, from);
    } catch (err) {
      // A frame that does not decode, or a message that breaks its role's rules (events.ts): dropped.
      this.droppedBy(from, channel, err);
    }
  }

  /** A frame whose decoding or validation threw: its code and message say why (our bug: INTERNAL). */
  droppedBy(from: Endpoint, channel: Channel, err: unknown): void {
    const code = err instanceof IpdectError ? err.code : "INTERNAL";
    this.#dropped(from, channel, code, err instanceof Error ? err.message : String(err));
  }

  /** Malformed or unexpected frames: counted, logged once each, reported in the event log; never fatal. */
  #dropped(from: Endpoint, channel: Channel, code: string, reason: string): void {
    this.counters.framesDropped++;
    this.#d.log.log("warn", "frame dropped", { from: `${from.ip}:${from.port}`, channel, code, reason });
    this.#d.emit("message-dropped", { from: `${from.ip}:${from.port}`, channel, code, reason });
  }
}
