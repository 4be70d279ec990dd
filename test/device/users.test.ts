import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeLogger } from "../../src/core/Logger.js";
import { Ipei } from "../../src/core/identity/Ipei.js";
import type { Device } from "../../src/device/Device.js";
import { handleApi } from "../helpers/api.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { Fleet } from "../../sim/Fleet.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import type { UserEntry } from "../../src/users/entry.js";

const GUID_ANNA = "80319FC0E909D311905C00013E00EFC8";
const PASSWORD = "s3cret-pw";
const AUTH_CODE = "98765";
const ipei = (n: number) => Ipei.create(19, n).toString();

const FLEET = `
name: users-in-config
devices:
  - name: a
    kind: IPVM
    mac: 00:90:33:01:00:01
    ip: 127.0.1.1
    master: { mode: active, id: 1 }
    users:
      - { longName: Anna, number: "200", guid: ${GUID_ANNA}, usn: 14, ipei: "${ipei(1)}", password: ${PASSWORD}, authCode: "${AUTH_CODE}" }
      - { longName: Bo, number: "201" }
  - name: b
    kind: IPVM
    mac: 00:90:33:01:00:02
    ip: 127.0.1.2
    master: { mode: standby, id: 1, primary: 127.0.1.1 }
    users:
      - { longName: Cy, number: "300" }
`;

/** The fleet, its log lines (every level) going to `logs`: to check that no secret reaches them. */
function start(logs: string[] = []): Promise<Fleet> {
  const logger = makeLogger((level, msg, fields) => logs.push(JSON.stringify({ level, msg, fields })), "debug");
  return Fleet.start(parseFleetFile(FLEET, "users.yaml"), { seed: 1, afterChains, logger });
}

const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
const api = async (device: Device, method: string, path: string, body = "") => {
  const ctx = { device: () => device, events: () => [] };
  const r = await handleApi(ctx, { method, path, query: new URLSearchParams(), authorization: ADMIN, body });
  return r as { status: number; body: Record<string, string> };
};
/** GET /api/config: the backup text of §4.14. */
const backup = async (d: Device) => (await api(d, "GET", "/api/config")).body["running"]!;
/** Upload (§4.18.1) and reset (§4.24): App. C.2 steps 6–7. */
async function restore(d: Device, text: string): Promise<void> {
  assert.equal((await api(d, "PUT", "/api/config", text)).status, 202);
  await d.reset("immediate");
}
const byGuid = (entries: readonly UserEntry[]) =>
  [...entries]
    .sort((x, y) => x.guid.localeCompare(y.guid))
    .map(({ guid, usn, user, gateway, subs }) => ({ guid, usn, user, gateway, subs }));
const numbers = (d: Device) =>
  d
    .directory()
    .users.map((u) => u.number)
    .sort();

describe("users in the device configuration (App. C, §4.14)", () => {
  test("first start: the configuration's users become the directory, with their guid and usn", async () => {
    await using fleet = await start();
    const dir = fleet.device("a").directory();
    const anna = dir.findUser("number", "200");
    assert.equal(anna?.guid, GUID_ANNA);
    assert.equal(anna?.usn, 14);
    assert.equal(anna?.user.authCode, AUTH_CODE);
    const bo = dir.findUser("number", "201");
    assert.match(bo?.guid ?? "", /^[0-9A-F]{32}$/);
    assert.ok(bo!.usn > 14);
    assert.match(bo?.user.authCode ?? "", /^\d{4}$/);
    assert.ok(
      fleet.events.events.some(
        (e) => e.device === "a" && e.kind === "command" && e.command === "users" && e.result === "initial",
      ),
    );
  });

  test("a Standby ignores the configuration's users: its directory copies the Master's (§4.5.3.1)", async () => {
    await using fleet = await start();
    assert.ok(fleet.events.events.some((e) => e.device === "b" && e.kind === "warning" && e.code === "USERS_IGNORED"));
    await fleet.runFor(5_000);
    assert.deepEqual(numbers(fleet.device("b")), ["200", "201"]);
  });

  test("after a restore the Standby copies the replaced directory (a new epoch)", async () => {
    await using fleet = await start();
    await fleet.runFor(5_000);
    const a = fleet.device("a");
    await restore(a, (await backup(a)).replace(/^.*\(e164=201\).*\n/m, ""));
    await fleet.runFor(5_000);
    assert.deepEqual(numbers(fleet.device("b")), ["200"]);
    assert.equal(fleet.device("b").directory().epoch, a.directory().epoch);
  });

  test("a plain reset or a restart keeps every change made since boot (removals, subscriptions)", async () => {
    await using fleet = await start();
    const a = fleet.device("a");
    await a.directory().removeUser("201");
    const anna = a.directory().findUser("number", "200")!;
    await a.directory().transact((draft) => draft.set(`user/${anna.guid}`, { ...anna, subs: "c0ffee" }));
    const now = byGuid(a.directory().userEntries());
    await a.reset("immediate");
    assert.deepEqual(byGuid(a.directory().userEntries()), now);
    await fleet.stopDevice("a");
    await fleet.startDevice("a");
    assert.deepEqual(byGuid(fleet.device("a").directory().userEntries()), now);
  });

  test("upload and reset replace the directory's users: lines removed go, lines without guid/usn get new ones", async () => {
    await using fleet = await start();
    const a = fleet.device("a");
    await a.directory().addAnonymous([ipei(9)]);
    const anna = a.directory().findUser("number", "200")!;
    const lines = (await backup(a)).split("\n").filter((l) => !l.includes("(e164=201)"));
    lines.splice(lines.indexOf("config write"), 0, "mod cmd FLASHDIR0 add-item 101 (cn=Dee) (e164=400)");
    await api(a, "PUT", "/api/config", lines.join("\n"));
    assert.deepEqual(numbers(a), ["200", "201"], "nothing changes before the reset");
    await a.reset("immediate");
    assert.deepEqual(numbers(a), ["200", "400"]);
    assert.deepEqual(a.directory().findUser("number", "200"), anna);
    const dee = a.directory().findUser("number", "400")!;
    assert.match(dee.guid, /^[0-9A-F]{32}$/);
    assert.ok(dee.usn > anna.usn);
    assert.deepEqual(a.directory().anonymous, [ipei(9)]);
    assert.ok(
      fleet.events.events.some((e) => e.kind === "command" && e.command === "users" && e.result === "replaced"),
    );
  });

  test("a backup restored later gives back the users of backup time, entry by entry (guid, usn, fields)", async () => {
    await using fleet = await start();
    const a = fleet.device("a");
    await a.directory().addUsers([{ longName: 'Eve "(x)" \\', number: "500", ipei: ipei(2), idleDisplay: "Eve" }]);
    const eve = a.directory().findUser("number", "500")!;
    await a.directory().transact((draft) => draft.set(`user/${eve.guid}`, { ...eve, subs: "977e9bfc" }));
    const saved = byGuid(a.directory().userEntries());
    const text = await backup(a);
    await a.directory().removeUser("201");
    await a.directory().modifyUser("200", { idleDisplay: "changed", password: "other" });
    await a.directory().addUsers([{ longName: "Later", number: "600" }]);
    await restore(a, text);
    assert.deepEqual(byGuid(a.directory().userEntries()), saved);
    assert.equal(await backup(a), text, "the restored device backs up the same text");
  });

  test("the backup holds Password and Auth. Code (App. C); events and logs never do", async () => {
    const logs: string[] = [];
    await using fleet = await start(logs);
    const a = fleet.device("a");
    const text = await backup(a);
    assert.ok(text.includes(`(password=${PASSWORD})`) && text.includes(`(authCode=${AUTH_CODE})`), text);
    await restore(a, text);
    const bad = text.replace(`(password=${PASSWORD})`, `(password=${PASSWORD.repeat(5)})`);
    const refused = await api(a, "PUT", "/api/config", bad);
    assert.equal(refused.status, 400);
    // Every log line of every level is kept: a future log of a configuration or user would be caught here.
    for (const out of [JSON.stringify(fleet.events.events), logs.join("\n"), JSON.stringify(refused.body)]) {
      assert.doesNotMatch(out, new RegExp(PASSWORD));
      assert.doesNotMatch(out, new RegExp(AUTH_CODE));
    }
  });
});
