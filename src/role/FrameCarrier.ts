import type { Message } from "../wire/codec.js";
import type { LinkKey } from "./linkKey.js";

/**
 * What a carried frame stands for: its message, and what its tag would have bound it to (linkKey.ts `tag`): the
 * system's link key and the receiver's address.
 */
export interface Carried {
  readonly msg: Message;
  readonly key: LinkKey;
  readonly to: string;
}

/**
 * Messages carried beside their frames, by reference, between devices of one process (docs/design.md "Carried
 * frames"). In the sim without `--wire`, a sealed frame is its header and link stamp only; the message it stands for
 * is kept here under the frame object, which the MemoryNetwork hands to the receiver as it is. The link protocol
 * (stamps, challenges, windows, resends) runs on the stamp exactly as on the wire; encoding, the tag and decoding are
 * skipped, and the receiver checks key and address where it would check the tag. A frame can be read by any device
 * of the process, as often as it arrives (a duplicate, a replay): the guard's window decides, as for bytes. Frames
 * are keys of a WeakMap, so a frame no one holds takes its message with it.
 */
export class FrameCarrier {
  readonly #carried = new WeakMap<Uint8Array, Carried>();

  put(frame: Uint8Array, carried: Carried): void {
    this.#carried.set(frame, carried);
  }

  /** What a carried frame stands for, or undefined for one that was not made in this process. */
  take(frame: Uint8Array): Carried | undefined {
    return this.#carried.get(frame);
  }
}
