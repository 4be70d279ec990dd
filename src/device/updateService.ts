import type { Actor } from "xstate";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import { SOFTWARE_VERSION } from "../core/version.js";
import type { Emit } from "../role/EventLog.js";
import type { RoleIo } from "../role/RoleIo.js";
import { FirmwareBanks, type BankInfo } from "../update/FirmwareBanks.js";
import { productOf } from "../update/product.js";
import { updateMachine } from "../update/update.machine.js";
import { UpdateClient, type UpdateFetcher, type UpdateHost } from "../update/UpdateClient.js";
import { startRoleActor } from "./roleActor.js";

/** What runs when nothing was ever flashed: this software itself, its version as its build serial. */
export function factoryFirmware(kind: DeviceKind): BankInfo {
  const version = SOFTWARE_VERSION.replace(/^ipdect /, "");
  return { bank: "A", version, serial: version, product: productOf(kind) };
}

/**
 * The firmware a boot runs (§4.15, App. A.1.4): the bank `prot` wrote, tried now, or the good one when a trial did not
 * come up (FirmwareBanks.boot); a fall-back is an event. Confirmed once the device is up (confirmFirmware).
 */
export async function bootFirmware(
  store: Store,
  kind: DeviceKind,
  emit: Emit,
): Promise<{ banks: FirmwareBanks; running: BankInfo }> {
  const banks = new FirmwareBanks(store, factoryFirmware(kind));
  const { running, fellBack } = await banks.boot();
  if (fellBack !== undefined)
    emit("update", {
      action: "boot-bank",
      result: "fell-back",
      version: running.version,
      reason: `${fellBack.from.version} (bank ${fellBack.from.bank}): ${fellBack.reason}`,
    });
  return { banks, running };
}

export interface RunningUpdate {
  readonly client: UpdateClient;
  readonly actor: Actor<typeof updateMachine>;
}

/**
 * The update client of a device in a world that can download (DeviceEnv.updateFetcher): it polls when the device has
 * an update URL (§4.9.1); UP0's commands reach it either way.
 */
export async function startUpdate(
  cfg: DeviceConfig,
  fetcher: UpdateFetcher | undefined,
  io: RoleIo,
  banks: FirmwareBanks,
  device: Omit<UpdateHost, "io" | "fetcher" | "banks">,
  log: Logger,
): Promise<RunningUpdate | undefined> {
  if (fetcher === undefined) return undefined;
  const client = await UpdateClient.start({ ...device, io, fetcher, banks }, cfg.update);
  return { client, actor: startRoleActor(updateMachine, { core: client }, io.clock, log, "update") };
}
