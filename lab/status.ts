import type { DeviceStatus } from "../src/device/status.js";
import type { LabDevice } from "./LabState.js";

/** How long a device may take to answer a status request. */
const STATUS_TIMEOUT_MS = 3_000;

/** The login of the lab's requests: the factory System Administrator unless told otherwise (§3.2.2). */
export interface Login {
  readonly user: string;
  readonly password: string;
}

/** The HTTP Basic authorization of the lab's requests (§3.4: every API call needs a login). */
export const basicAuth = (login: Login): string =>
  `Basic ${Buffer.from(`${login.user}:${login.password}`).toString("base64")}`;

/** GET /api/status of a device, as `ipdect ctl status --json` reads it; undefined while it does not answer. */
export async function deviceStatus(d: LabDevice, login: Login): Promise<DeviceStatus | undefined> {
  try {
    const res = await fetch(`http://${d.ip}:${d.httpPort}/api/status`, {
      headers: { authorization: basicAuth(login) },
      signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
    });
    return res.status === 200 ? ((await res.json()) as DeviceStatus) : undefined;
  } catch {
    return undefined;
  }
}

/** Every device's status at once, by name. */
export async function statuses(
  devices: readonly LabDevice[],
  login: Login,
): Promise<Map<string, DeviceStatus | undefined>> {
  const all = await Promise.all(devices.map(async (d) => [d.name, await deviceStatus(d, login)] as const));
  return new Map(all);
}

/** The radios registered on a Master now, by name. */
export const registeredOn = (s: DeviceStatus | undefined): Set<string> =>
  new Set((s?.master?.radios ?? []).filter((r) => r.standing === "registered").map((r) => r.name));
