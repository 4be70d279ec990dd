import type { Message } from "../wire/codec.js";
import type { LinkKey } from "./linkKey.js";

/**
 * A sealed frame that carries its message by reference, between devices of one process (docs/design.md "Carried
 * frames"). In the sim without `--wire`, a sealed frame is its header and link stamp only (flags FLAG_CARRIED), and
 * the message it stands for rides on the frame object, which the MemoryNetwork hands to the receiver as it is. The
 * link protocol (stamps, challenges, windows, resends) runs on the stamp exactly as on the wire; encoding, the tag
 * and decoding are skipped, and the receiver checks what the tag would have bound the frame to: the system's link key
 * (`key`) and the receiver's address (`to`). A frame can arrive more than once (a duplicate, a replay): the guard's
 * window decides, as for bytes. A subclass rather than a WeakMap beside plain frames: a WeakMap entry per frame cost
 * about 0.9 µs and much of the garbage collector's time (ephemerons) in a 2047-radio fleet.
 */
export class CarriedFrame extends Uint8Array {
  msg!: Message;
  key!: LinkKey;
  to!: string;
}
