/**
 * Device Overview → Add with a Kerberos section (§4.1.8.6) in the sim world: the PARI Master hands the section to the
 * added radio on the sealed stream, the radio restarts with its Kerberos client and joins, and a realm Administrator
 * logs in to the radio over its API. The message's validation is tested beside it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import { DecodeError } from "../../src/core/errors.js";
import { Mac } from "../../src/core/identity/Mac.js";
import { KerberosJoinCode } from "../../src/kerberos/joinErrors.js";
import { orderFromWire, orderToWire } from "../../src/kerberos/joinWire.js";
import { toPariClientEvent } from "../../src/radio/pariEvents.js";
import { call } from "../helpers/kerberos.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

const REALM = "SIM.TEST";
const PARI = "127.0.1.1";
const FRESH_MAC = "00:90:33:00:04:01";
const PASSWORD = "Add-Secret-1";
const YAML = `name: kerberos-radio-add
devices:
  - { name: pari, kind: IPBS, mac: "00:90:33:00:01:01", ip: ${PARI}, master: { mode: active }, pari: { systemId: 12 },
      kerberos: { server: { realm: ${REALM} } } }
  - { name: fresh, kind: IPBS, mac: "${FRESH_MAC}", ip: 127.0.4.1, radio: {} }
`;
const ALICE = `Basic ${Buffer.from(`${REALM}\\alice:alice-pw`).toString("base64")}`;

describe("Device Overview → Add with a Kerberos section (§4.1.8.6)", () => {
  let fleet: Fleet;
  const eventsOf = (device: string, command: string) =>
    fleet.events.events
      .filter((e) => e.device === device && e.kind === "command" && e.command === command)
      .map((e) => e as unknown as Readonly<Record<string, unknown>>);

  before(async () => {
    fleet = await startFleet(YAML);
    const pari = fleet.device("pari");
    assert.equal((await call(pari, "POST", "/api/kerberos/server", { rootPassword: "r" })).status, 201);
    await call(pari, "POST", "/api/kerberos/users", { name: "alice", password: "alice-pw", role: "administrator" });
    await call(pari, "POST", "/api/kerberos/users", { name: "jim", password: PASSWORD, role: "join-realm" });
  });
  after(() => fleet.close());

  test("a section without its realm's server or without a password is refused; nothing is sent", async () => {
    await fleet.runFor(5_000);
    const pari = fleet.device("pari");
    const base = { mac: FRESH_MAC, name: "Reception", kerberosRealm: REALM, kerberosUser: "jim" };
    const noPassword = await call(pari, "POST", "/api/radios/add", { ...base, authServers: `${REALM}@${PARI}` });
    assert.equal(noPassword.status, 400, JSON.stringify(noPassword.body));
    const noServer = await call(pari, "POST", "/api/radios/add", {
      ...base,
      kerberosPassword: PASSWORD,
      authServers: `OTHER@${PARI}`,
    });
    assert.equal(noServer.status, 400);
    assert.match(JSON.stringify(noServer.body), /KERBEROS_JOIN_ORDER/);
    assert.equal(eventsOf("pari", "radio-add").length, 0);
  });

  test("Add → the radio takes the section, restarts, joins; a realm Administrator logs in over its API", async () => {
    const add = await call(fleet.device("pari"), "POST", "/api/radios/add", {
      mac: FRESH_MAC,
      name: "Reception",
      kerberosRealm: REALM,
      kerberosUser: "jim",
      kerberosPassword: PASSWORD,
      disableLocal: "true",
      aesRc4: "true",
      authServers: `${REALM}@${PARI}:88`,
    });
    assert.equal(add.status, 202, JSON.stringify(add.body));
    const done = () => eventsOf("fresh", "kerberos-join").length > 0 && eventsOf("pari", "radio-add").length > 1;
    assert.ok((await runUntilTrue(fleet, done, 60_000)) !== undefined, "the radio joined, the PARI Master knows");
    await fleet.runFor(10_000);
    assert.deepEqual(
      eventsOf("fresh", "kerberos-join").map((e) => [e["result"], e["source"], e["realm"], e["host"]]),
      [["joined", "pari-master", REALM, "009033000401"]],
    );
    assert.deepEqual(
      eventsOf("pari", "radio-add").map((e) => e["result"]),
      ["sent", "kerberos-taken"],
      "the PARI Master forgot the section once the radio took it",
    );
    const radio = fleet.device("fresh");
    assert.deepEqual((await call(fleet.device("pari"), "GET", "/api/kerberos/clients")).body, ["009033000401"]);
    const status = await call(radio, "GET", "/api/kerberos/client", undefined, ALICE);
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.deepEqual(status.body, {
      servers: [{ realm: REALM, address: PARI, port: 88, adminPort: 749, secondaryPort: 88, secondaryAdminPort: 749 }],
      aesRc4: true,
      disableLocal: true,
      membership: { realm: REALM, host: "009033000401" },
      loginWorked: true,
    });
    assert.equal((await call(radio, "GET", "/api/status")).status, 401, "local logins end (§4.1.8.8)");
  });

  test("the password is in no event and on no flash of either device afterwards", async () => {
    assert.ok(!JSON.stringify(fleet.events.events).includes(PASSWORD));
    for (const name of ["pari", "fresh"]) {
      const store = fleet.device(name).env.store;
      for (const key of await store.keys()) {
        if (key.startsWith("kerberos/server")) continue;
        assert.ok(!new TextDecoder().decode((await store.get(key))!).includes(PASSWORD), `${name} ${key}`);
      }
    }
  });
});

describe("KerberosOrder validation at the radio's edge (proto KerberosOrder)", () => {
  const order = {
    realm: REALM,
    admin: { user: "jim", password: "pw" },
    force: true,
    disableLocal: false,
    aesRc4: true,
    servers: [
      {
        realm: REALM,
        address: "10.0.0.1",
        port: 88,
        adminPort: 749,
        secondaryAddress: "10.0.0.2",
        secondaryPort: 1088,
        secondaryAdminPort: 749,
      },
    ],
  };
  const wire = orderToWire(order, Mac.parse(FRESH_MAC).bytes);
  const from = { ip: PARI, port: 1722 };

  test("a valid order reads back as itself and becomes the pari-client's kerberos event", () => {
    assert.deepEqual(orderFromWire(wire), order);
    const event = toPariClientEvent({ fromDevice: "pari", body: "kerberosOrder", kerberosOrder: wire }, from);
    assert.deepEqual(event, { type: "kerberos", mac: FRESH_MAC, order, from });
  });

  test("each broken field is a DecodeError naming it", () => {
    const cases: [object, string][] = [
      [{ realm: "lower" }, "kerberos_order.realm"],
      [{ user: "a/b" }, "kerberos_order.user"],
      [{ password: "" }, "kerberos_order.password"],
      [{ host: "x@y" }, "kerberos_order.host"],
      [{ servers: [{ ...wire.servers![0], address: "10.0.0" }] }, "kerberos_order.servers[0].address"],
      [{ servers: [{ ...wire.servers![0], port: 70000 }] }, "kerberos_order.servers[0].port"],
      [{ servers: [] }, "kerberos_order"],
    ];
    for (const [change, field] of cases)
      assert.throws(
        () => orderFromWire({ ...wire, ...change }),
        (e: unknown) => e instanceof DecodeError && e.context.field === field,
        field,
      );
    assert.throws(
      () =>
        toPariClientEvent(
          { fromDevice: "x", body: "kerberosOrder", kerberosOrder: { ...wire, mac: new Uint8Array(2) } },
          from,
        ),
      (e: unknown) => e instanceof DecodeError && e.context.field === "kerberos_order.mac",
    );
    assert.throws(
      () => orderFromWire({ ...wire, servers: [{ ...wire.servers![0], realm: "OTHER" }] }),
      (e: unknown) => e instanceof DecodeError && e.code === KerberosJoinCode.Order,
    );
  });
});
