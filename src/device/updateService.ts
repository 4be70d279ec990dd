import type { Actor } from "xstate";
import type { DeviceKind } from "../core/identity/DeviceKind.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import { SOFTWARE_VERSION } from "../core/version.js";
import type { Emit } from "../role/EventLog.js";
import type { RoleIo } from "../role/RoleIo.js";
import { FirmwareBanks, type BankInfo } from "../update/FirmwareBanks.js";
import { IpdectError, StateError } from "../core/errors.js";
import { UpdateCode } from "../update/errors.js";
import { imageFor, readImage, type ImageHeader } from "../update/image.js";
import { bootFileName, productOf } from "../update/product.js";
import { DEFAULT_POLL_MINUTES, type UpdateSettings } from "../update/settings.js";
import { dhcpUpdateOptions, updateFromDhcp, type DhcpAnswer } from "../update/dhcpUpdate.js";
import type { PushedRadioConfig } from "../pari/settings.js";
import { updateMachine } from "../update/update.machine.js";
import { UpdateClient } from "../update/UpdateClient.js";
import type { UpdateFetcher, UpdateHost } from "../update/UpdateHost.js";
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

/**
 * The update settings in force (UpdateHost.settings), read at every poll: DHCP's 215/216 win over the device's own URL
 * and interval unless `/no-dhcp` (App. I.4, `updateFromDhcp`), and a PARI Master's Radio Config wins over both
 * (§4.6.33: "precedence over values configured locally or received via DHCP options"); `effective` already falls back
 * to the own values.
 */
export function updateSettingsInForce(
  configured: UpdateSettings | undefined,
  effective: PushedRadioConfig | undefined,
  dhcp: DhcpAnswer | undefined,
): UpdateSettings {
  const own = updateFromDhcp(configured, dhcp === undefined ? undefined : dhcpUpdateOptions(dhcp.options));
  const url = effective?.updateUrl ?? own?.url;
  const poll = effective?.updatePoll;
  return {
    ...(url === undefined ? {} : { url }),
    pollMinutes: poll === undefined ? (own?.pollMinutes ?? DEFAULT_POLL_MINUTES) : Number(poll),
    noDhcp: own?.noDhcp ?? false,
  };
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
  fetcher: UpdateFetcher | undefined,
  io: RoleIo,
  banks: FirmwareBanks,
  device: Omit<UpdateHost, "io" | "fetcher" | "banks">,
  log: Logger,
): Promise<RunningUpdate | undefined> {
  if (fetcher === undefined) return undefined;
  const client = await UpdateClient.start({ ...device, io, fetcher, banks });
  return { client, actor: startRoleActor(updateMachine, { core: client }, io.clock, log, "update") };
}

/**
 * Update → Firmware (§4.18.2): an uploaded image, checked (imageFor: header, checksum, this device's product) and
 * written to the bank that does not run; it runs after the next reset. A bad image writes nothing and leaves the
 * running bank as it is. Either way an `update` event says what came of it (without the image).
 */
export async function flashFirmware(
  banks: FirmwareBanks,
  kind: DeviceKind,
  image: Uint8Array,
  source: string,
  emit: Emit,
): Promise<BankInfo> {
  try {
    const info = await banks.write(image, productOf(kind), source);
    emit("update", { action: "upload", result: "done", serial: info.serial, version: info.version });
    return info;
  } catch (err) {
    if (err instanceof IpdectError)
      emit("update", { action: "upload", result: "failed", reason: `${err.code}: ${err.message}` });
    throw err;
  }
}

/**
 * Update → Boot (§4.18.3): this software has no boot loader of its own (a node is started by the operating system), so
 * there is no boot code to replace. A boot file is checked as a firmware image is and reported, and nothing is
 * written (docs/design.md "Backup, restore and uploads"); the IPVM has no boot file at all (§4.18.3).
 */
export function checkBootFile(kind: DeviceKind, image: Uint8Array, source: string): ImageHeader {
  const product = productOf(kind);
  if (bootFileName(product) !== undefined) return imageFor(image, product, source).header;
  // A file that is no image is refused as such first (400), as every upload is; a good one has nowhere to go.
  readImage(image, source);
  throw new StateError(UpdateCode.BootNone, `${source}: an ${product} has no boot code (§4.18.3)`);
}
