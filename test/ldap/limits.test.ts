/**
 * The LDAP server's connection limits (src/ldap/limits.ts; the manual sets none) in the core, without sockets and in
 * virtual time: slots per client address and in all, and unauthenticated connections closed after idling.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  LDAP_MAX_CONNECTIONS,
  LDAP_MAX_CONNECTIONS_PER_ADDRESS,
  LDAP_UNAUTHENTICATED_IDLE_MS,
} from "../../src/ldap/limits.js";
import { ResultCode } from "../../src/ldap/resultCodes.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { ALL, ask, bind, codeOf, connect, directory, service } from "./helpers.js";

const IDLE = LDAP_UNAUTHENTICATED_IDLE_MS;

test(`at most ${LDAP_MAX_CONNECTIONS_PER_ADDRESS} connections per client address and ${LDAP_MAX_CONNECTIONS} in all; refusals are counted; a closed connection gives its slot back`, async () => {
  const svc = service(await directory());
  const from = (n: number) => `10.0.0.${n}`;
  const held = Array.from({ length: LDAP_MAX_CONNECTIONS_PER_ADDRESS }, () => connect(svc, from(1)));
  assert.equal(
    svc.open(from(1), () => undefined),
    undefined,
    "one more from the same address",
  );
  assert.ok(svc.open(from(2), () => undefined) !== undefined, "another address still gets in");
  held.pop()!.close();
  assert.ok(svc.open(from(1), () => undefined) !== undefined, "the freed slot is that address's again");

  // 2 + 32 held; fill the server from other addresses, each to its limit.
  let open = LDAP_MAX_CONNECTIONS_PER_ADDRESS + 1;
  for (let a = 3; open < LDAP_MAX_CONNECTIONS; a++)
    for (let i = 0; i < LDAP_MAX_CONNECTIONS_PER_ADDRESS && open < LDAP_MAX_CONNECTIONS; i++, open++)
      connect(svc, from(a));
  assert.equal(svc.status().counters.connections, LDAP_MAX_CONNECTIONS);
  assert.equal(
    svc.open(from(200), () => undefined),
    undefined,
    "a new address when all 256 are taken",
  );
  assert.equal(svc.status().counters.refused, 2);
});

test(`an unauthenticated connection is closed after ${IDLE / 1000} s without a request; each request restarts the wait`, async () => {
  const clock = new VirtualClock();
  const svc = service(await directory(), {}, undefined, clock);
  const hungUp: string[] = [];
  const open = (name: string) => connect(svc, "10.0.0.1", () => hungUp.push(name));
  const idle = open("idle");
  const anonymous = open("anonymous");
  const asking = open("asking");
  assert.equal(codeOf(await ask(anonymous, bind("", ""))), ResultCode.success, "an anonymous bind is no login");
  await clock.runUntil(IDLE - 1_000, afterChains);
  assert.equal(
    codeOf(
      await ask(asking, {
        op: "search",
        base: [],
        scope: "base",
        filter: ALL,
        attributes: [],
        sizeLimit: 0,
        typesOnly: false,
      }),
    ),
    ResultCode.success,
  );
  await clock.runUntil(IDLE - 1, afterChains);
  assert.deepEqual(hungUp, [], "not a millisecond early");
  await clock.runUntil(IDLE, afterChains);
  assert.deepEqual(hungUp, ["idle", "anonymous"]);
  await clock.runUntil(2 * IDLE - 1_001, afterChains);
  assert.deepEqual(hungUp, ["idle", "anonymous"], "the root DSE read at 29 s counts as a request");
  await clock.runUntil(2 * IDLE - 1_000, afterChains);
  assert.deepEqual(hungUp, ["idle", "anonymous", "asking"]);
  for (const s of [idle, anonymous, asking]) s.close();
  const c = svc.status().counters;
  assert.deepEqual([c.idleClosed, c.rxAbandon, c.connections], [3, 0, 0], "closed by the server: not lost");
});

test("a bound connection idles as long as it likes; after a failed bind it is unauthenticated and the wait starts again", async () => {
  const clock = new VirtualClock();
  const svc = service(await directory(), {}, undefined, clock);
  let hungUp = 0;
  const s = connect(svc, "10.0.0.1", () => hungUp++);
  await clock.runUntil(IDLE / 2, afterChains);
  assert.equal(codeOf(await ask(s, bind())), ResultCode.success);
  await clock.runUntil(IDLE * 100, afterChains);
  assert.equal(hungUp, 0, "bound: never closed for idling");
  assert.equal(codeOf(await ask(s, bind("cn=ldap-user", "wrong"))), ResultCode.invalidCredentials);
  await clock.runUntil(IDLE * 101 - 1, afterChains);
  assert.equal(hungUp, 0);
  await clock.runUntil(IDLE * 101, afterChains);
  assert.equal(hungUp, 1);
  assert.equal(svc.status().counters.idleClosed, 1);
});

test("a closed connection leaves no idle watch behind", async () => {
  const clock = new VirtualClock();
  const svc = service(await directory(), {}, undefined, clock);
  let hungUp = 0;
  connect(svc, "10.0.0.1", () => hungUp++).close();
  assert.equal(clock.pending, 0);
  await clock.runUntil(IDLE * 2, afterChains);
  assert.equal(hungUp, 0);
});
