import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Administration } from "../../src/auth/Administration.js";
import { DEFAULT_ADMIN_SETTINGS } from "../../src/auth/adminSettings.js";
import { BLOCK_MAX_MS } from "../../src/auth/LoginGuard.js";
import { silentLogger } from "../../src/core/Logger.js";
import { MemoryStore } from "../../src/core/Store.js";
import { LdapService } from "../../src/ldap/LdapService.js";
import { ResultCode } from "../../src/ldap/resultCodes.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { EventRecorder, type DeviceEvent } from "../../src/role/EventLog.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { ask, bind, codeOf, connect, directory, SETTINGS } from "./helpers.js";

/** The login block on LDAP binds (§3.4.5.1 applied to the LDAP server's user, issue 16), in virtual time. */
describe("LDAP binds under the device's login block", () => {
  test("1000 wrong binds a second apart: no success, a block that grows to 1800 s, one logged event per block", async () => {
    const clock = new VirtualClock();
    const events = new EventRecorder();
    const admin = await Administration.start({
      store: new MemoryStore(),
      clock,
      emit: (kind, fields) => events.emit({ t: clock.now(), device: "m", kind, ...fields } as DeviceEvent),
      settings: DEFAULT_ADMIN_SETTINGS,
      announce: false,
    });
    const svc = new LdapService({
      directory: await directory(),
      settings: SETTINGS,
      log: silentLogger,
      clock,
      bind: (name, source, check) => admin.ldapBind(name, source, check),
    });
    const session = connect(svc, "127.0.0.66");
    for (let i = 0; i < 1000; i++) {
      assert.equal(codeOf(await ask(session, bind("cn=ldap-user", `guess-${i}`))), ResultCode.invalidCredentials);
      await clock.runUntil(clock.now() + 1000, afterChains);
    }
    const failed = events.events.filter((e) => e.kind === "login" && e.action === "failed");
    const checked = failed.length;
    const blocks = failed.map((e) => (e as { blockedMs?: number }).blockedMs);
    assert.deepEqual(blocks, [5, 10, 20, 40, 80, 160, 320, 640].map((s) => s * 1000).slice(0, checked));
    assert.ok(checked >= 6 && checked <= 8, `${checked} binds checked`);
    assert.ok(failed.every((e) => e.kind === "login" && e.service === "ldap" && e.source === "127.0.0.66"));
    assert.ok(!JSON.stringify(events.events).includes("guess-"), "no password in any event");
    // The right password while blocked, in the other spelling: refused too.
    assert.equal(codeOf(await ask(session, bind("ldap-user", "ldap-secret"))), ResultCode.invalidCredentials);
    await clock.runUntil(clock.now() + BLOCK_MAX_MS, afterChains);
    assert.equal(codeOf(await ask(session, bind("ldap-user", "ldap-secret"))), ResultCode.success);
  });
});
