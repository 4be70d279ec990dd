/**
 * Configuration on flash in the sim world (issue 18, §4.14, §4.24): the table of setting kinds that a real node runs
 * with kill -9 (test/interop/flash-kinds-realnode.test.ts), here on a fleet whose file stops and starts the device
 * after each change (`stop` and `start` faults: a power cut, the device's memory store kept as its flash). A change
 * that a fleet file can make is the file's `command` fault, and so is every reset (`command: reset`); the others are
 * made through the management API in process, as `ipdect ctl` would on a node (docs/user-guide.md "Fleet files" says
 * why a fleet file cannot make them). Each row is checked after its start, with every earlier row.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import { handleApi } from "../helpers/api.js";
import { makeCa, Workdir } from "../certs/helpers.js";
import { startFleet } from "../helpers/sim.js";
import { settingKinds, type Api, type KindsContext, type SettingKind } from "../helpers/settingKinds.js";

const DEVICE = "10.0.23.1";
const NAME = "flash-site";
const REALM = "FLASH.SIM";
/**
 * Each row's share of virtual time, and its moments within it: the power cut comes a millisecond after the change or
 * its reset, off the 250 ms grid of a Master's sweep, so no periodic write saves what the answer called done.
 */
const SLOT_MS = 10_000;
const AT = { change: 1_099, command: 1_100, reset: 1_101, stop: 1_102, start: 2_000, check: 8_000 };

/** The fleet file: the device (as on the real node), and for each row its command fault, reset, stop and start. */
function fleetYaml(kinds: readonly SettingKind[]): string {
  const faults = kinds.flatMap((k, i) => {
    const t = (ms: number) => i * SLOT_MS + ms;
    return [
      ...(k.fleet === undefined ? [] : [{ at: t(AT.command), device: NAME, ...k.fleet }]),
      ...(k.apply === "reset" ? [{ at: t(AT.reset), command: "reset", device: NAME }] : []),
      { at: t(AT.stop), stop: NAME },
      { at: t(AT.start), start: NAME },
    ];
  });
  return `name: flash-kinds
until: ${kinds.length * SLOT_MS}
devices:
  - { name: ${NAME}, kind: IPBS, mac: "00:90:33:23:00:01", ip: ${DEVICE}, master: { mode: active }, pari: {},
      radio: { master: ${DEVICE} }, position: { x: 1, y: 1 }, gatekeeper: { proxy: 10.0.23.9 },
      ldap: { server: { user: ldap-user, password: ldap-secret, port: 3389 } }, snmp: { enabled: true, community: flash-ro },
      kerberos: { server: { realm: ${REALM} }, client: { servers: [{ realm: ${REALM}, address: ${DEVICE} }] } } }
faults:
${faults.map((f) => `  - ${JSON.stringify(f)}`).join("\n")}
`;
}

describe("sim: every setting kind survives a stop/start fault in the device's flash (§4.14, §4.24)", () => {
  const w = new Workdir();
  makeCa(w, "flashca");
  const ctx: KindsContext = {
    trustPem: w.text("flashca.pem"),
    realm: REALM,
    sparePort: 8443,
    login: { user: "admin", password: "changeme" },
  };
  const kinds = settingKinds(ctx);
  let fleet: Fleet;
  /** The device's management API, in process, as its System Administrator. */
  const api: Api = async (method, path, body) => {
    const url = new URL(path, "http://device");
    const res = await handleApi(
      { device: () => fleet.device(NAME), events: () => [] },
      {
        method,
        path: url.pathname,
        query: url.searchParams,
        authorization: `Basic ${Buffer.from(`${ctx.login.user}:${ctx.login.password}`).toString("base64")}`,
        body: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body),
      },
    );
    return { status: res.status, json: res.body };
  };

  before(async () => {
    fleet = await startFleet(fleetYaml(kinds));
  });
  after(async () => {
    await fleet.close();
    w.close();
  });

  kinds.forEach((k, i) => {
    const how = k.fleet === undefined ? "API" : `fleet command ${k.fleet.command}`;
    test(`${k.kind} (${how}, ${k.apply})`, async () => {
      await fleet.runUntil(i * SLOT_MS + AT.change);
      await assert.rejects(k.check(api), "not so before the change: the check can fail");
      if (k.fleet === undefined) await k.change(api);
      await fleet.runUntil(i * SLOT_MS + AT.check);
      const stopped = fleet.events.events.filter((e) => e.kind === "fault" && e["action"] === "stop");
      assert.equal(stopped.at(-1)?.t, i * SLOT_MS + AT.stop, "the fleet file stopped the device");
      await k.check(api);
      for (const earlier of kinds.slice(0, i)) await earlier.check(api);
    });
  });
});
