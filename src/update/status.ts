import { masked } from "../core/config/secrets.js";
import type { BankInfo } from "./FirmwareBanks.js";
import type { UpdateClient } from "./UpdateClient.js";

/** The firmware a device runs (§4.15, App. A.1.4): what `prot` compares and Info → Version shows. */
export type FirmwareStatus = BankInfo;

/** Services → Update (§4.9.1): the URL (its password masked), the poll interval and the Current Update Serials. */
export interface UpdateStatus {
  readonly url: string;
  readonly pollMinutes: number;
  /** App. A.1.3: false while the device is *fresh* (it never downloaded a command file). */
  readonly downloaded: boolean;
  /** This boot's phase: the first poll comes this long after the interval (UpdateClient.phaseMs). */
  readonly phaseMs: number;
  /** UPDATE/CHECK, UPDATE/PROT, UPDATE/BOOT and the serials of `cfg` and `scfg` (A.1.3–A.1.5); absent: empty. */
  readonly serials: {
    readonly check?: string;
    readonly prot?: string;
    readonly boot?: string;
    readonly cfg?: string;
    readonly scfg?: string;
  };
}

export function updateStatus(client: UpdateClient): UpdateStatus {
  const { check, prot, boot, cfg, scfg, downloaded } = client.vars;
  const url = masked({ url: client.settings.url ?? "" }, [{ path: ["url"], url: true }]).url;
  const serials = Object.fromEntries(
    Object.entries({ check, prot, boot, cfg, scfg }).filter(([, v]) => v !== undefined),
  );
  return { url, pollMinutes: client.settings.pollMinutes, downloaded, phaseMs: client.phaseMs, serials };
}
