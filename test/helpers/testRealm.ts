import assert from "node:assert/strict";
import { parse, stringify } from "yaml";
import type { Fleet } from "../../sim/Fleet.js";
import { call } from "./kerberos.js";

/**
 * A Kerberos realm `LAB` in a sim fleet (sim/SimRealms.ts: the same rules as the MIT servers, without tickets), for
 * tests of access levels: `withLab` adds its server device and makes devices its clients, and `setUpLab` creates the users `kadmin` (Administrator), `kaudit` (Auditor) and `kjoin` (Join Realm),
 * each with the password `<name>-pw`, and joins the clients.
 */
export const LAB_KDC_IP = "10.99.0.1";
const LAB_KDC = {
  name: "lab-kdc",
  kind: "IPVM",
  mac: "00:30:42:1c:0f:01",
  ip: LAB_KDC_IP,
  kerberos: { server: { realm: "LAB" } },
};

/** A fleet YAML with the LAB KDC added and every device of `clients` (all when absent) made its client. */
export function withLab(yaml: string, clients?: readonly string[]): string {
  const fleet = parse(yaml) as { devices: { name: string; kerberos?: unknown }[] };
  for (const d of fleet.devices)
    if (clients === undefined || clients.includes(d.name))
      d.kerberos = { client: { servers: [{ realm: "LAB", address: LAB_KDC_IP }] } };
  fleet.devices.push(LAB_KDC);
  return stringify(fleet);
}

/** The clients of a fleet made by `withLab`: the devices with a Kerberos client section. */
export const labClients = (fleet: Fleet): string[] =>
  fleet.names.filter((n) => fleet.device(n).config.kerberos?.client !== undefined);

export async function setUpLab(fleet: Fleet, clients: readonly string[] = labClients(fleet)): Promise<void> {
  const kdc = fleet.device("lab-kdc");
  assert.equal((await call(kdc, "POST", "/api/kerberos/server", { rootPassword: "lab-root" })).status, 201);
  for (const [name, role] of [
    ["kadmin", "administrator"],
    ["kaudit", "auditor"],
    ["kjoin", "join-realm"],
  ] as const)
    assert.equal((await call(kdc, "POST", "/api/kerberos/users", { name, password: `${name}-pw`, role })).status, 201);
  // Joined through the client itself: a device under test may refuse HTTP Basic (§4.1.6).
  for (const c of clients)
    await fleet
      .device(c)
      .kerberosClient()
      .join({ realm: "LAB", admin: { user: "kjoin", password: "kjoin-pw" } });
}

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
