import { DecodeError } from "../errors.js";
import type { Mac } from "./Mac.js";
import { CoreCode } from "../coreErrors.js";

/** Device models with a default host name (manual 003 §1, §3.2, App. J). */
export const DEVICE_MODELS = ["IPBS1", "IPBS2", "IPBS3", "IPBL", "IPVM"] as const;
export type DeviceModel = (typeof DEVICE_MODELS)[number];

/**
 * Host-name prefix per model. @see manual 003 §3.2 and §4.11.1: `ipbs-xx-xx-xx` (IPBS1), `ipbs2-xx-xx-xx`,
 * `ipbs3-xx-xx-xx`, `ipbl-xx-xx-xx`. The manual names no IPVM host (App. J only says to use the console's IP
 * address), so `ipvm-xx-xx-xx` is our choice, made by analogy with the others.
 */
const PREFIXES: Readonly<Record<DeviceModel, string>> = {
  IPBS1: "ipbs",
  IPBS2: "ipbs2",
  IPBS3: "ipbs3",
  IPBL: "ipbl",
  IPVM: "ipvm",
};

const MODEL_BY_PREFIX: ReadonlyMap<string, DeviceModel> = new Map(DEVICE_MODELS.map((m) => [PREFIXES[m], m]));

/** `<prefix>-xx-xx-xx`; case-insensitive because the manual's own CSV examples write `IPBS3-25-ec-3d` (§4.11.1). */
const HOST_NAME_RE = /^([a-z0-9]+)-([0-9a-f]{2})-([0-9a-f]{2})-([0-9a-f]{2})$/i;

const hex2 = (b: number): string => b.toString(16).padStart(2, "0");

/**
 * A device's default host name: model prefix plus the last three MAC bytes in lower-case hex (manual 003 §3.2,
 * "the last 6 hexadecimal digits of the MAC-address"). An IPBL keeps one name whichever LAN port is used (§3.2),
 * so callers pass the LAN1 MAC.
 */
export class HostName {
  readonly #model: DeviceModel;
  readonly #suffix: readonly number[];

  private constructor(model: DeviceModel, suffix: readonly number[]) {
    this.#model = model;
    this.#suffix = suffix;
  }

  /** The default host name of a device of `model` with this MAC, e.g. `ipbs3-0a-0b-0c`. */
  static for(model: DeviceModel, mac: Mac): HostName {
    if (!Object.hasOwn(PREFIXES, model)) {
      throw new DecodeError(
        CoreCode.HostnameModel,
        `unknown device model "${String(model)}" (expected ${DEVICE_MODELS.join(", ")})`,
      );
    }
    return new HostName(model, [...mac.bytes.subarray(3)]);
  }

  /** Accepts `ipbs-xx-xx-xx`, `ipbs2-…`, `ipbs3-…`, `ipbl-…`, `ipvm-…` in any case. */
  static parse(text: string): HostName {
    const m = HOST_NAME_RE.exec(text.trim());
    if (m === null) {
      throw new DecodeError(
        CoreCode.HostnameSyntax,
        `not a device host name: "${text}" (expected <model>-xx-xx-xx with the last 3 MAC bytes in hex, e.g. ipbs2-0a-0b-0c)`,
      );
    }
    const prefix = m[1]!.toLowerCase();
    const model = MODEL_BY_PREFIX.get(prefix);
    if (model === undefined) {
      throw new DecodeError(
        CoreCode.HostnameModel,
        `unknown model prefix "${prefix}" in "${text}" (expected ${[...MODEL_BY_PREFIX.keys()].join(", ")})`,
      );
    }
    return new HostName(
      model,
      [m[2]!, m[3]!, m[4]!].map((h) => parseInt(h, 16)),
    );
  }

  get model(): DeviceModel {
    return this.#model;
  }

  /** The last three MAC bytes as written in the name, e.g. `0a-0b-0c`. */
  get macSuffix(): string {
    return this.#suffix.map(hex2).join("-");
  }

  /** True when `mac` ends in this name's three bytes (the name identifies the device by its MAC, §3.2). */
  matches(mac: Mac): boolean {
    const tail = mac.bytes.subarray(3);
    return this.#suffix.every((b, i) => tail[i] === b);
  }

  equals(other: HostName): boolean {
    return this.toString() === other.toString();
  }

  /** Lower-case, e.g. `ipbl-30-00-20`. */
  toString(): string {
    return `${PREFIXES[this.#model]}-${this.macSuffix}`;
  }
}
