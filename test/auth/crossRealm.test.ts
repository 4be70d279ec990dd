/** §4.1.8.9 authorization of a trusted realm's users: SIDs, RIDs and the rule of the Authorization list. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  domainGroupRids,
  readRid,
  sidParts,
  sidText,
  trustedLevel,
  trustedRealmVerdict,
  type DomainToken,
} from "../../src/auth/crossRealm.js";
import { AuthCode } from "../../src/auth/errors.js";
import { DecodeError } from "../../src/core/errors.js";

/** The manual's example SID (§4.1.8.9 step 5): RID 11265. */
const DOMAIN = "S-1-5-21-4151926548-1272113248-3927039109";
const EXAMPLE = `${DOMAIN}-11265`;
/** The same SID as AD stores objectSid (MS-DTYP §2.4.2.2), written out byte by byte. */
const EXAMPLE_BYTES = Uint8Array.from(
  Buffer.from("0105" + "000000000005" + "15000000" + "145f79f7" + "60e8d24b" + "85dc11ea" + "012c0000", "hex"),
);

test("a binary objectSid reads as the manual's S-1-5-21-… form (golden vector)", () => {
  assert.equal(sidText(EXAMPLE_BYTES), EXAMPLE);
  assert.equal(sidText(Uint8Array.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0])), "S-1-5-32-544");
});

test("a SID that does not decode is a DecodeError AUTH_SID, never a crash (truncated, wrong revision, fuzz)", () => {
  const bad = (b: Uint8Array) =>
    assert.throws(
      () => sidText(b),
      (e: unknown) => e instanceof DecodeError && e.code === AuthCode.Sid,
    );
  bad(EXAMPLE_BYTES.subarray(0, 20));
  bad(Uint8Array.from([2, ...EXAMPLE_BYTES.subarray(1)]));
  bad(new Uint8Array(0));
  for (let i = 0; i < 2000; i++) {
    const b = Uint8Array.from({ length: Math.floor(Math.random() * 40) }, () => Math.floor(Math.random() * 256));
    try {
      assert.match(sidText(b), /^S-1-\d+(-\d+)*$/);
    } catch (e) {
      assert.ok(e instanceof DecodeError, String(e));
    }
  }
});

test("the RID is the last part of the SID (§4.1.8.9 step 5)", () => {
  assert.deepEqual(sidParts(EXAMPLE), { domain: DOMAIN, rid: 11265 });
  assert.throws(
    () => sidParts("S-1"),
    (e: unknown) => e instanceof DecodeError && e.code === AuthCode.Sid,
  );
});

test("Admin and Auditor Group RIDs are numbers 1..2^32-1; anything else says which field", () => {
  assert.equal(readRid("11265", "adminGroupRid"), 11265);
  assert.equal(readRid("4294967295", "adminGroupRid"), 4294967295);
  for (const bad of ["0", "-5", "4294967296", "12a", "", "1e3"])
    assert.throws(
      () => readRid(bad, "auditorGroupRid"),
      (e: unknown) => e instanceof DecodeError && e.code === AuthCode.Rid && /auditorGroupRid/.test(e.message),
    );
});

const token = (...rids: number[]): DomainToken => ({
  userSid: `${DOMAIN}-1105`,
  groupSids: [...rids.map((r) => `${DOMAIN}-${r}`), "S-1-5-32-544", "S-1-5-21-1-2-3-1200"],
});

test("only groups of the user's own domain give RIDs: builtin and other domains' SIDs do not", () => {
  assert.deepEqual([...domainGroupRids(token(513, 1200))].sort(), [1200, 513]);
  assert.ok(!domainGroupRids(token(513)).has(544));
});

test("Use domain group: Admin Group → Administrator, Auditor Group → Auditor, both → Administrator, none → no level", () => {
  const auth = { kind: "domain-group", adminGroupRid: 1101, auditorGroupRid: 1102 } as const;
  assert.equal(trustedLevel(auth, domainGroupRids(token(513, 1101))), "system-admin");
  assert.equal(trustedLevel(auth, domainGroupRids(token(513, 1102))), "auditor");
  assert.equal(trustedLevel(auth, domainGroupRids(token(1102, 1101))), "system-admin");
  assert.equal(trustedLevel(auth, domainGroupRids(token(513))), undefined);
  assert.equal(trustedLevel({ kind: "domain-group" }, domainGroupRids(token(1101))), undefined);
});

test("Administrator and Auditor: every domain user gets the level (§4.1.8.9 step 4)", () => {
  assert.equal(trustedLevel({ kind: "administrator" }, new Set()), "system-admin");
  assert.equal(trustedLevel({ kind: "auditor" }, new Set()), "auditor");
});

test("the verdict: a level, a refusal for the role, or unreachable when the domain controller cannot be asked", async () => {
  const auth = { kind: "domain-group", adminGroupRid: 1101, auditorGroupRid: 1102 } as const;
  const p = "alice@WINAD.TEST";
  assert.deepEqual(await trustedRealmVerdict(auth, p, async () => token(1102)), {
    ok: true,
    principal: p,
    level: "auditor",
  });
  const none = await trustedRealmVerdict(auth, p, async () => token(513));
  assert.equal(!none.ok && none.reason, "role");
  const down = await trustedRealmVerdict(auth, p, () => Promise.reject(new Error("ECONNREFUSED")));
  assert.equal(!down.ok && down.reason, "unreachable");
  assert.match(!down.ok ? down.detail : "", /ECONNREFUSED/);
  let asked = false;
  const all = await trustedRealmVerdict({ kind: "auditor" }, p, async () => ((asked = true), token()));
  assert.equal(all.ok && all.level, "auditor");
  assert.equal(asked, false);
});
