import { MasterCode } from "../master/errors.js";
import { isPeerEvent, toMasterEvent, type MasterEvent } from "../master/events.js";
import { toPariEvent } from "../pari/events.js";
import { toRadioEvent, type RadioEvent } from "../radio/events.js";
import { toPariClientEvent, type PariClientEvent } from "../radio/pariEvents.js";
import type { Message } from "../wire/codec.js";
import { WireCode } from "../wire/errors.js";
import type { Endpoint } from "../wire/Transport.js";
import { DeviceCode } from "./errors.js";

/** The roles a device runs, as far as routing a frame needs to know. */
export interface RoutedRoles {
  readonly master: boolean;
  readonly pari: boolean;
  readonly radio: boolean;
  /** The Master's configured redundancy peer (Standby's primary, Mirror peer), if any. */
  readonly masterPeer?: string | undefined;
}

/** Where one decoded frame goes: a role's machine, the radio's handset relay, or nowhere (and why). */
export type FrameRoute =
  | { readonly to: "master"; readonly event: MasterEvent }
  | { readonly to: "radio"; readonly event: RadioEvent }
  | { readonly to: "pari-client"; readonly event: PariClientEvent }
  | { readonly to: "handset"; readonly msg: Extract<Message, { body: "handsetRequest" | "handsetReply" }> }
  | { readonly to: "dropped"; readonly code: string; readonly reason: string };

/**
 * Message type → role (proto/ipdect.proto): each role's `events.ts` turns the messages it takes into machine events
 * and validates them at the edge (a DecodeError there is a malformed frame, for the caller to drop). A message for
 * a role this device does not run is a route to nowhere, not an exception.
 */
export function routeFrame(msg: Message, from: Endpoint, roles: RoutedRoles): FrameRoute {
  const noRole = (what: string): FrameRoute => ({
    to: "dropped",
    code: DeviceCode.MsgNoRole,
    reason: `${msg.body} ${what}`,
  });
  if (msg.body === "handsetRequest" || msg.body === "handsetReply")
    return roles.radio ? { to: "handset", msg } : noRole("but no radio role");
  const master = toMasterEvent(msg, from) ?? toPariEvent(msg, from);
  if (master !== undefined) {
    if (!roles.master) return noRole("but no Master role");
    if (master.type.startsWith("pari.") && !roles.pari) return noRole("but no PARI function");
    if (roles.masterPeer !== undefined && from.ip !== roles.masterPeer && isPeerEvent(master))
      return {
        to: "dropped",
        code: MasterCode.PeerAddress,
        reason: `${msg.body} not from the peer ${roles.masterPeer}`,
      };
    return { to: "master", event: master };
  }
  const radio = toRadioEvent(msg, from);
  if (radio === null) return { to: "dropped", code: WireCode.MsgInvalid, reason: "radio status with invalid fields" };
  const client = radio === undefined ? toPariClientEvent(msg, from) : undefined;
  if (radio === undefined && client === undefined) return noRole("is not handled here");
  if (!roles.radio) return noRole("but no radio role");
  return radio !== undefined ? { to: "radio", event: radio } : { to: "pari-client", event: client! };
}
