import { urlForLog } from "../update/updateUrl.js";
import type { CheckOutcome, ProvisioningClient } from "./ProvisioningClient.js";
import type { ProvisioningSettings } from "./settings.js";

/**
 * Configuration → Provisioning (seed 002 "Enabling Provisioning through Web Based Administration Page") as the
 * device reports it: the method and the server in force (its password masked), when it checks, what came of the last
 * check file by file, and the parameters of the last configuration file this device does not model.
 */
export interface ProvisioningStatus {
  readonly method: ProvisioningSettings["method"];
  /** The server URL in force, without its password (as in events); absent: none (`serverReason` says why). */
  readonly server?: string;
  readonly serverReason?: string;
  readonly intervalMinutes: number;
  readonly time?: string;
  readonly checkSync: ProvisioningSettings["checkSync"];
  readonly lastCheck?: CheckOutcome;
  /** Device clock ms of the next timed check (interval or time of day); absent: none planned. */
  readonly nextCheckAt?: number;
  /** Element paths of the last imported configuration file that this device does not model (not applied). */
  readonly notModelled: readonly string[];
}

export function provisioningStatus(client: ProvisioningClient): ProvisioningStatus {
  const s = client.settings;
  let server: { server?: string; serverReason?: string };
  try {
    const found = client.server();
    server = "host" in found ? { server: urlForLog(found) } : { serverReason: found.reason };
  } catch (err) {
    server = { serverReason: (err as Error).message };
  }
  const last = client.lastCheck;
  const next = client.nextCheckAt;
  return {
    method: s.method,
    ...server,
    intervalMinutes: s.intervalMinutes,
    ...(s.time === undefined ? {} : { time: s.time }),
    checkSync: s.checkSync,
    ...(last === undefined ? {} : { lastCheck: last }),
    ...(next === undefined ? {} : { nextCheckAt: next }),
    notModelled: client.vars.notModelled,
  };
}
