/**
 * The update-script route of §4.1.8.5 in the sim world: App. E's join line in a native-text configuration, applied by
 * a reset, joins the realm once at the next start; a realm Administrator then logs in over the radio's API.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import type { Device } from "../../src/device/Device.js";
import { handleApi } from "../helpers/api.js";
import { call } from "../helpers/kerberos.js";
import { startFleet } from "../helpers/sim.js";

const REALM = "SIM.TEST";
const YAML = `name: kerberos-update-script
until: 1s
devices:
  - { name: kdc, kind: IPVM, mac: "00:30:42:1d:00:01", ip: 10.0.0.1, kerberos: { server: { realm: ${REALM} } } }
  - { name: radio, kind: IPBS, mac: "00:30:42:1d:00:02", ip: 10.0.0.2 }
`;
const PASSWORD = "j0in-Secret!";
const JOIN =
  `vars create CMD0/KCMD p <join+realm="${REALM}"+user="jim"+password="${PASSWORD}"+force="true"+` +
  `disable-local="true"+kerberos-rc4="true"><server+realm="${REALM}"+address="10.0.0.1"/></join>`;
const ALICE = `Basic ${Buffer.from(`${REALM}\\alice:alice-pw`).toString("base64")}`;
const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;

/** PUT /api/config with a native text body (§4.18.1). */
async function putConfig(d: Device, text: string): Promise<number> {
  const res = await handleApi(
    { device: () => d, events: () => [] },
    { method: "PUT", path: "/api/config", query: new URLSearchParams(), authorization: ADMIN, body: text },
  );
  return res.status;
}

describe("App. E's join line through the configuration (§4.1.8.5)", () => {
  let fleet: Fleet;
  let radio: Device;
  const joins = () =>
    fleet.events.events
      .filter((e) => e.kind === "command" && e.command === "kerberos-join" && e.device === "radio")
      .map((e) => e as unknown as Readonly<Record<string, unknown>>);

  before(async () => {
    fleet = await startFleet(YAML);
    radio = fleet.device("radio");
    const kdc = fleet.device("kdc");
    assert.equal((await call(kdc, "POST", "/api/kerberos/server", { rootPassword: "r" })).status, 201);
    for (const [name, role] of [
      ["alice", "administrator"],
      ["jim", "join-realm"],
    ])
      await call(kdc, "POST", "/api/kerberos/users", { name, password: name === "jim" ? PASSWORD : "alice-pw", role });
  });
  after(() => fleet.close());

  test("stored, then joined at the reset's start; the join is an event and the password is gone", async () => {
    const running = (await call(radio, "GET", "/api/config")).body as { running: string };
    const text = running.running.replace("config write", `${JOIN}\nconfig write`);
    assert.equal(await putConfig(radio, text), 202);
    const pending = ((await call(radio, "GET", "/api/config")).body as { pending: string }).pending;
    assert.ok(!pending.includes(PASSWORD), "the pending configuration shows no password");
    assert.match(pending, /config change KRBCLI0 \/aes-rc4 \/disable-local/);
    assert.equal(await radio.env.store.get("kerberos/join.json"), undefined, "nothing on flash before the reset");
    assert.equal((await call(radio, "POST", "/api/reset", { mode: "immediate" })).status, 200);
    await fleet.runFor(100);
    assert.deepEqual(
      joins().map((e) => [e["result"], e["source"], e["realm"], e["host"]]),
      [["joined", "update-script", REALM, "0030421d0002"]],
    );
    assert.deepEqual((await call(fleet.device("kdc"), "GET", "/api/kerberos/clients")).body, ["0030421d0002"]);
    assert.equal(await radio.env.store.get("kerberos/join.json"), undefined, "removed once tried");
  });

  test("a realm Administrator logs in to the radio over its API as REALM\\user; local logins then end (§4.1.8.8)", async () => {
    assert.equal((await call(radio, "GET", "/api/status", undefined, ALICE)).status, 200);
    assert.equal(radio.localAuthenticationDisabled(), true);
    assert.equal((await call(radio, "GET", "/api/status")).status, 401);
  });

  test("joined once: a later reset does not join again; no password in events, exports or flash", async () => {
    assert.equal((await call(radio, "POST", "/api/reset", { mode: "immediate" }, ALICE)).status, 200);
    await fleet.runFor(100);
    assert.equal(joins().length, 1);
    const exported = JSON.stringify((await call(radio, "GET", "/api/config", undefined, ALICE)).body);
    assert.ok(!exported.includes(PASSWORD));
    assert.ok(!JSON.stringify(fleet.events.events).includes(PASSWORD));
    for (const key of await radio.env.store.keys()) {
      const value = new TextDecoder().decode((await radio.env.store.get(key))!);
      assert.ok(!value.includes(PASSWORD), key);
    }
  });
});
