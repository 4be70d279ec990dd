/**
 * The users↔PBX password gap (issue 19): a handset group's users get the PBX's password rule, the user guide's
 * handsets-and-PBX fleet registers every user, and a file whose users have no way to authenticate to its PBX is
 * refused with FLEET_PBX_AUTH.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { ConfigError, ConfigErrors } from "../../src/core/errors.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { startFleet } from "../helpers/sim.js";

/** The YAML block of docs/user-guide.md whose first line is `name: <name>`, exactly as printed. */
export function guideFleet(name: string): string {
  const guide = readFileSync(new URL("../../../docs/user-guide.md", import.meta.url), "utf8");
  const block = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((b) => b.startsWith(`name: ${name}\n`));
  assert.ok(block !== undefined, `docs/user-guide.md has a yaml block starting "name: ${name}"`);
  return block;
}

/** [code, line, field] of each error of a fleet text. */
function errorsOf(text: string): [string, number | undefined, string | undefined][] {
  try {
    parseFleetFile(text, "lab.yaml");
    return [];
  } catch (e) {
    const all = e instanceof ConfigErrors ? e.errors : [e as ConfigError];
    return all.map((x) => [x.code, x.context.line, x.context.field]);
  }
}

const GUIDE = guideFleet("handsets-pbx");
const PBX = `pbx:\n  - { name: pbx1, ip: 10.0.9.1, passwordPrefix: "pw-" }\n`;
const gk = (extra = "") => `gatekeeper: { protocol: sip-udp, proxy: 10.0.9.1, domain: ipdect.sim${extra} }`;
const user = (pw: string) =>
  `users: [{ longName: U1, name: "1000", number: "1000",${pw} ipei: "0100900100000", subs: "00000000000000000000000050000000" }]`;
const master = (gatekeeper: string, users = "") =>
  `devices:\n  - { name: master, kind: IPVM, mac: "00:90:33:02:00:01", ip: 10.0.0.1, master: { mode: active }, ${gatekeeper}${users === "" ? "" : `, ${users}`} }\n`;

describe("users and the PBX of a fleet (issue 19, users↔PBX password gap)", () => {
  test("the user guide's handsets-and-PBX fleet registers all 300 users, with no 0x00030202", async () => {
    await using fleet = await startFleet(GUIDE);
    await fleet.runUntil(fleet.file.until!);
    const report = fleet.report();
    const users = (report.devices["master"] as { gatekeeper: { users: { total: number; registered: number } } })
      .gatekeeper.users;
    assert.deepEqual([users.total, users.registered], [300, 300]);
    assert.equal(report.pbx?.[0]?.registeredUsers, 300);
    assert.equal(report.pbx?.[0]?.authFailed, 0);
    const failure = formatAlarmCode(ALARM.USER_REGISTRATION_FAILURE);
    assert.equal(fleet.events.events.filter((e) => e.kind === "alarm" && e.code === failure).length, 0);
  });

  test("the same fleet without the group's passwordPrefix is refused at the group, naming the PBX's rule", () => {
    const text = GUIDE.replace(', passwordPrefix: "pw-", subscribeAt', ", subscribeAt");
    const errors = errorsOf(text);
    assert.deepEqual(errors, [["FLEET_PBX_AUTH", 27, "handsets.groups[0]"]]);
    assert.throws(
      () => parseFleetFile(text, "lab.yaml"),
      /300 users of this group have no password.*pbx1 wants passwordPrefix \+ Auth Name, as pbx\[0\]\.passwordPrefix \(line 4\)/,
    );
  });

  test("a subscribed user without a password is refused at the gatekeeper that registers it", () => {
    assert.deepEqual(errorsOf(`${PBX}${master(gk(), user(""))}`), [["FLEET_PBX_AUTH", 4, "devices[0].gatekeeper"]]);
  });

  test("a wrong password, or the system password (registerWithSystemPassword), is the lab's choice: accepted", () => {
    assert.deepEqual(errorsOf(`${PBX}${master(gk(), user(' password: "bad",'))}`), []);
    assert.deepEqual(errorsOf(`${PBX}${master(gk(", registerWithSystemPassword: true"), user(""))}`), []);
  });

  test("a PBX reached through the file's DNS is checked too; a proxy outside the fleet is not", () => {
    const dns = `dns:\n  srv: [{ service: _sip._udp.ipdect.sim, target: pbx1.ipdect.sim, port: 5060, priority: 10, weight: 1 }]\n  a: { pbx1.ipdect.sim: 10.0.9.1 }\n`;
    const named = master(`dns: 10.0.0.53, ${gk().replace("proxy: 10.0.9.1", "proxy: ipdect.sim")}`, user(""));
    assert.deepEqual(
      errorsOf(`${PBX}${dns}${named}`).map((e) => e[0]),
      ["FLEET_PBX_AUTH"],
    );
    assert.deepEqual(errorsOf(`${PBX}${master(gk().replace("10.0.9.1", "10.0.9.9"), user(""))}`), []);
  });

  test("a group takes password or passwordPrefix, not both", () => {
    const text = GUIDE.replace('passwordPrefix: "pw-", subscribeAt', 'passwordPrefix: "pw-", password: x, subscribeAt');
    assert.deepEqual(errorsOf(text), [["FLEET_HANDSETS", 27, "handsets.groups[0].password"]]);
  });
});
