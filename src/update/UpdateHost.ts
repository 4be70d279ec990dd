import type { RoleIo } from "../role/RoleIo.js";
import type { UpdateCommand } from "./commandFile.js";
import type { FirmwareBanks } from "./FirmwareBanks.js";
import type { UpdateSettings } from "./settings.js";
import type { UpdateUrl } from "./updateUrl.js";

/** Downloads and uploads of the update client: HTTP, HTTPS (validated against the trust list) and TFTP. */
export interface UpdateFetcher {
  get(url: UpdateUrl, maxBytes: number): Promise<Uint8Array>;
  put(url: UpdateUrl, body: Uint8Array): Promise<void>;
}

/** What the device gives its update client: its I/O, the world's fetcher, its firmware banks and configuration. */
export interface UpdateHost {
  readonly io: RoleIo;
  readonly fetcher: UpdateFetcher;
  readonly banks: FirmwareBanks;
  /**
   * The update settings in force, read at every poll: the device's own (§4.9.1), unless a PARI Master's Radio Config
   * pushes a URL or interval (§4.6.33) or DHCP gives them (App. I.3, unless `/no-dhcp`).
   */
  settings(): UpdateSettings;
  /** App. A.1.3 "if the device has no time set": a device has the time once it has a time server (§4.1.9). */
  timeSet(): boolean;
  /** The running configuration in the native text form, as a backup has it (§4.14): what `scfg` uploads. */
  configText(): string;
  /** Runs configuration commands (`config change …`) on the configuration; they take effect at the next reset. */
  applyConfig(text: string, source: string): Promise<void>;
  /** Whether a stored configuration waits for a reset (§4.18.1). */
  resetRequired(): boolean;
  /** `ireset` waits until the device is idle, `reset` does not (§4.24); the device starts again. */
  reset(mode: "idle" | "immediate", reason: string): void;
  /**
   * An IPBL's RFP_UPDATE0 lines of one run (App. A.1.7), all together: carried out whole or refused with a typed error
   * (radio/RfpUpdateCore.ts). Absent on a device without RFP ports.
   */
  rfpUpdate?(commands: readonly RfpUpdateLine[], source: string): Promise<void>;
}

/** One RFP_UPDATE0 line (App. A.1.7). */
export type RfpUpdateLine = Extract<UpdateCommand, { module: "RFP_UPDATE0" }>;

/** A reset the finals of a command file ask for: `ireset` waits until the device is idle (§4.24). */
export interface DueReset {
  readonly mode: "idle" | "immediate";
  readonly reason: string;
}
