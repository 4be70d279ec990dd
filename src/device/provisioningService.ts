import { waitFor, type Actor } from "xstate";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { StateError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import { ProvisioningCode } from "../provisioning/errors.js";
import { provisioningMachine } from "../provisioning/provisioning.machine.js";
import { ProvisioningClient, type ProvisioningHost } from "../provisioning/ProvisioningClient.js";
import { provisioningStatus, type ProvisioningStatus } from "../provisioning/status.js";
import type { RoleIo } from "../role/RoleIo.js";
import { sendToChart } from "../role/chartLane.js";
import type { FirmwareBanks } from "../update/FirmwareBanks.js";
import type { UpdateFetcher } from "../update/UpdateHost.js";
import { startRoleActor } from "./roleActor.js";

export interface RunningProvisioning {
  readonly client: ProvisioningClient;
  readonly actor: Actor<typeof provisioningMachine>;
}

/**
 * Whether the device runs the second dialect's client (seed 002) instead of the App. A update client: one device
 * polls one server, in one dialect (docs/design.md "The second provisioning dialect").
 */
export function provisions(cfg: DeviceConfig): boolean {
  return cfg.provisioning !== undefined && cfg.provisioning.method !== "disabled";
}

/** The second dialect's client of a device that provisions, in a world that can download (DeviceEnv.updateFetcher). */
export async function startProvisioning(
  fetcher: UpdateFetcher | undefined,
  io: RoleIo,
  banks: FirmwareBanks,
  device: Omit<ProvisioningHost, "io" | "fetcher" | "banks">,
  log: Logger,
): Promise<RunningProvisioning | undefined> {
  if (fetcher === undefined) return undefined;
  const client = await ProvisioningClient.start({ ...device, io, fetcher, banks });
  return { client, actor: startRoleActor(provisioningMachine, { core: client }, io.clock, log, "provisioning") };
}

/**
 * Checks the provisioning server now (seed 002), after a check in progress, and resolves once it has ended with the
 * status. Throws StateError PROV_OFF on a device that does not provision, or cannot download here.
 */
export async function checkNow(running: RunningProvisioning | undefined, device: string): Promise<ProvisioningStatus> {
  if (running === undefined)
    throw new StateError(
      ProvisioningCode.Off,
      `${device} does not provision (provisioning.method is disabled: the App. A update client runs), or cannot download here`,
    );
  await waitFor(running.actor, (s) => s.matches("waiting") || s.matches("resetting"));
  if (running.actor.getSnapshot().matches("waiting")) {
    sendToChart(running.actor, { type: "check" });
    await waitFor(running.actor, (s) => !s.matches("checking"));
  }
  return provisioningStatus(running.client);
}

/**
 * A SIP NOTIFY check-sync reached one of the device's users (seed 002 "SIP Notify Check-Sync"): told to the chart when
 * check_sync is `update` or `reboot`; false when the device does not react (`disabled`, or it does not provision), which
 * the gatekeeper answers with 489 Bad Event.
 */
export function checkSync(running: RunningProvisioning | undefined): boolean {
  if (running === undefined || running.client.settings.checkSync === "disabled") return false;
  sendToChart(running.actor, { type: "check-sync" });
  return true;
}
