import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRng } from "../../src/core/Rng.js";
import { authorization, parseChallenge, pickChallenge } from "../../src/sip/digest.js";
import { NONCE_LIFETIME_MS } from "../../src/sip/DigestNonces.js";
import { paramValue, parseNameAddr, parseVia } from "../../src/sip/headers.js";
import { header, headerValues, type SipResponse } from "../../src/sip/message.js";
import { Registrar, type RegistrarOptions } from "../../src/sip/Registrar.js";
import { FakeClock, PHONE, register, registerWithAuth } from "./helpers.js";

const PASSWORDS: Record<string, string> = { "1001": "secret", alice: "wonderland", "1002": "secret" };

function setup(opts: Partial<RegistrarOptions> = {}) {
  const clock = new FakeClock();
  const asked: string[] = [];
  const registrar = new Registrar({
    realm: "pbx.example.com",
    clock,
    rng: new SeededRng("registrar"),
    password: (user) => {
      asked.push(user);
      return PASSWORDS[user];
    },
    ...opts,
  });
  return { clock, registrar, asked };
}

/** The Contact URIs of a 200 with their expires. */
const listed = (res: SipResponse) =>
  headerValues(res, "contact").map((v) => {
    const n = parseNameAddr(v);
    return [n.uri, paramValue(n.params, "expires")];
  });

const challengeOf = (res: SipResponse) => parseChallenge(header(res, "www-authenticate") ?? "");

test("a REGISTER without credentials is challenged with a nonce from the Rng (RFC 3261 §22.1, §10.3 step 3)", () => {
  const { registrar } = setup();
  const res = registrar.handle(register({ expires: "120" }), PHONE);
  assert.equal(res.status, 401);
  const ch = challengeOf(res);
  assert.equal(ch.realm, "pbx.example.com");
  assert.equal(ch.algorithm, "MD5");
  assert.deepEqual(ch.qop, ["auth"]);
  assert.equal(ch.stale, false);
  assert.match(ch.nonce, /^[0-9a-f]{32}$/);
  assert.notEqual(challengeOf(registrar.handle(register(), PHONE)).nonce, ch.nonce);
  assert.deepEqual(registrar.bindings(), []);
  assert.deepEqual(registrar.counters, { registers: 2, challenged: 2, authFailed: 0, ok: 0 });
});

test("an authorised REGISTER binds its Contact and the 200 lists it with its expires (RFC 3261 §10.3 step 8)", () => {
  const { registrar } = setup();
  const { final } = registerWithAuth(registrar, { expires: "120" });
  assert.equal(final.status, 200);
  assert.deepEqual(listed(final), [["sip:1001@192.0.2.10:5060", "120"]]);
  assert.equal(header(final, "call-id"), "call-1@192.0.2.10");
  assert.equal(header(final, "cseq"), "2 REGISTER");
  assert.ok(paramValue(parseNameAddr(header(final, "to")!).params, "tag"));
  const via = parseVia(header(final, "via")!);
  assert.equal(paramValue(via.params, "rport"), "5060");
  const [b] = registrar.bindings("sip:1001@PBX.example.com");
  assert.deepEqual(b, {
    aor: "sip:1001@pbx.example.com",
    contact: "sip:1001@192.0.2.10:5060",
    expiresAt: 120_000,
    callId: "call-1@192.0.2.10",
    cseq: 2,
    source: PHONE,
  });
  assert.deepEqual(registrar.counters, { registers: 2, challenged: 1, authFailed: 0, ok: 1 });
});

test("the digest is checked with the auth user's password, which may differ from the AOR user (manual 003 §4.6: Register with number, Name for authentication)", () => {
  const { registrar, asked } = setup();
  const { final } = registerWithAuth(registrar, { user: "1001", authUser: "alice", password: "wonderland" });
  assert.equal(final.status, 200);
  assert.deepEqual(asked, ["alice"]);
  assert.equal(registrar.bindings()[0]?.aor, "sip:1001@pbx.example.com");
});

test("mayRegister can refuse an authenticated user an AOR with 403 (RFC 3261 §10.3 step 4)", () => {
  const { registrar } = setup({ mayRegister: (user, aor) => aor === `sip:${user}@pbx.example.com` });
  assert.equal(registerWithAuth(registrar, { user: "1002", authUser: "1001" }).final.status, 403);
  assert.equal(registerWithAuth(registrar, { user: "1001", authUser: "1001", callId: "c2" }).final.status, 200);
});

test("a wrong password gets 401 with a new nonce and counts authFailed", () => {
  const { registrar } = setup();
  const { first, final } = registerWithAuth(registrar, { password: "guess" });
  assert.equal(final.status, 401);
  assert.notEqual(challengeOf(final).nonce, challengeOf(first).nonce);
  assert.equal(challengeOf(final).stale, false);
  assert.deepEqual(registrar.bindings(), []);
  assert.deepEqual(registrar.counters, { registers: 2, challenged: 2, authFailed: 1, ok: 0 });
});

test("an unknown auth user gets 403 Forbidden after the challenge and counts authFailed", () => {
  const { registrar } = setup();
  const { first, final } = registerWithAuth(registrar, { authUser: "mallory" });
  assert.equal(first.status, 401);
  assert.equal(final.status, 403);
  assert.equal(registrar.counters.authFailed, 1);
});

test("credentials for a nonce older than 30 s get 401 stale=true, then the fresh nonce works (RFC 2617 §3.2.1)", () => {
  const { registrar, clock } = setup();
  const first = registrar.handle(register(), PHONE);
  const ch = pickChallenge(headerValues(first, "www-authenticate"))!;
  const send = (cseq: number, nonceFrom: typeof ch) =>
    registrar.handle(
      register({
        cseq,
        authorization: authorization(
          nonceFrom,
          { username: "1001", password: "secret" },
          "REGISTER",
          "sip:pbx.example.com",
          "cn",
          cseq,
        ),
      }),
      PHONE,
    );
  clock.t = NONCE_LIFETIME_MS - 1;
  assert.equal(send(2, ch).status, 200);
  clock.t = NONCE_LIFETIME_MS;
  const stale = send(3, ch);
  assert.equal(stale.status, 401);
  assert.equal(challengeOf(stale).stale, true);
  assert.equal(registrar.counters.authFailed, 0);
  assert.equal(send(4, challengeOf(stale)).status, 200);
  // A nonce never handed out, with a right digest, is stale too (the client knows the password).
  const forged = send(5, { ...ch, nonce: "0123" });
  assert.equal(challengeOf(forged).stale, true);
});

test("a digest for another Request-URI is a bad request (RFC 2617 §3.2.2.5)", () => {
  const { registrar } = setup();
  const ch = challengeOf(registrar.handle(register(), PHONE));
  const auth = authorization(
    ch,
    { username: "1001", password: "secret" },
    "REGISTER",
    "sip:other.example.com",
    "cn",
    1,
  );
  assert.equal(registrar.handle(register({ cseq: 2, authorization: auth }), PHONE).status, 400);
});

test("SHA-256 registrars challenge with SHA-256 and accept its digest (RFC 8760)", () => {
  const { registrar } = setup({ algorithm: "SHA-256" });
  const { first, final } = registerWithAuth(registrar, {});
  assert.equal(challengeOf(first).algorithm, "SHA-256");
  assert.equal(final.status, 200);
});

test("an expiry below Min-Expires gets 423 with Min-Expires and binds nothing (RFC 3261 §10.3 step 7)", () => {
  const { registrar } = setup({ minExpires: 60 });
  const { final } = registerWithAuth(registrar, { expires: "59" });
  assert.equal(final.status, 423);
  assert.equal(final.reason, "Interval Too Brief");
  assert.equal(header(final, "min-expires"), "60");
  assert.deepEqual(registrar.bindings(), []);
  assert.equal(registerWithAuth(registrar, { expires: "60", callId: "c2" }).final.status, 200);
});

test("expiry comes from the contact's expires, else Expires, else the default; longer is lowered (RFC 3261 §10.2.1.1)", () => {
  const { registrar } = setup({ maxExpires: 1800, defaultExpires: 900 });
  const contacts = ["<sip:a@192.0.2.10>;expires=300", "<sip:b@192.0.2.10>", "<sip:c@192.0.2.10>;expires=99999"];
  assert.deepEqual(listed(registerWithAuth(registrar, { contacts, expires: "600" }).final), [
    ["sip:a@192.0.2.10", "300"],
    ["sip:b@192.0.2.10", "600"],
    ["sip:c@192.0.2.10", "1800"],
  ]);
  const { final } = registerWithAuth(registrar, { contacts: ["<sip:d@192.0.2.10>"], callId: "c2" });
  assert.deepEqual(listed(final).at(-1), ["sip:d@192.0.2.10", "900"]);
});

test("expires=0 removes that contact only (RFC 3261 §10.3 step 7)", () => {
  const { registrar } = setup();
  registerWithAuth(registrar, { contacts: ["<sip:1001@192.0.2.10:5060>", "<sip:1001@198.51.100.4:5062>"] });
  assert.equal(registrar.bindings().length, 2);
  const { final } = registerWithAuth(registrar, { contacts: ["<sip:1001@192.0.2.10:5060>;expires=0"], cseq: 3 });
  assert.equal(final.status, 200);
  assert.deepEqual(listed(final), [["sip:1001@198.51.100.4:5062", "3600"]]);
});

test("contacts are matched by their normalised URI: another case of host or parameter name is the same binding", () => {
  const { registrar } = setup();
  registerWithAuth(registrar, { contacts: ["<sip:1001@Phone.example.com;Transport=udp>"] });
  registerWithAuth(registrar, { contacts: ["<sip:1001@phone.example.com;transport=udp>"], cseq: 3 });
  assert.deepEqual(
    registrar.bindings().map((b) => b.contact),
    ["sip:1001@phone.example.com;transport=udp"],
  );
});

test("Contact * with Expires: 0 removes every binding of the AOR; without Expires: 0 it is a bad request (RFC 3261 §10.3 step 6)", () => {
  const { registrar } = setup();
  registerWithAuth(registrar, { contacts: ["<sip:1001@192.0.2.10>", "<sip:1001@192.0.2.11>"] });
  registerWithAuth(registrar, { user: "1002", callId: "other" });
  assert.equal(registerWithAuth(registrar, { contacts: ["*"], expires: "60", cseq: 3 }).final.status, 400);
  const { final } = registerWithAuth(registrar, { contacts: ["*"], expires: "0", cseq: 5 });
  assert.equal(final.status, 200);
  assert.deepEqual(listed(final), []);
  assert.deepEqual(
    registrar.bindings().map((b) => b.aor),
    ["sip:1002@pbx.example.com"],
  );
});

test("the same Call-ID with a CSeq not above the binding's is refused with 500 and changes nothing (RFC 3261 §10.3 step 7)", () => {
  const { registrar } = setup();
  registerWithAuth(registrar, { cseq: 10, expires: "600" });
  // CSeq 11 made the binding; the replayed credentials of CSeq 11 and an older CSeq both fail.
  const ch = challengeOf(registrar.handle(register({ cseq: 1 }), PHONE));
  const auth = (cseq: number) =>
    authorization(ch, { username: "1001", password: "secret" }, "REGISTER", "sip:pbx.example.com", "cn", cseq);
  for (const cseq of [11, 5]) {
    const res = registrar.handle(register({ cseq, expires: "0", authorization: auth(cseq) }), PHONE);
    assert.equal(res.status, 500);
  }
  assert.equal(registrar.bindings().length, 1);
  // Another Call-ID (a rebooted phone) may replace the binding whatever its CSeq.
  const other = registrar.handle(
    register({ cseq: 1, callId: "reboot", expires: "300", authorization: auth(1) }),
    PHONE,
  );
  assert.deepEqual(listed(other), [["sip:1001@192.0.2.10:5060", "300"]]);
});

test("a Contact with the same +sip.instance and reg-id replaces the old binding (RFC 5626 §6, RFC 5627)", () => {
  const { registrar } = setup();
  const instance = '+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"';
  registerWithAuth(registrar, { contacts: [`<sip:1001@192.0.2.10:5060>;${instance};reg-id=1`] });
  registerWithAuth(registrar, { contacts: [`<sip:1001@192.0.2.10:5062>;${instance};reg-id=2`], cseq: 3 });
  // The phone got a new address (DHCP) and registers flow 1 again from it.
  const { final } = registerWithAuth(registrar, {
    contacts: [`<sip:1001@192.0.2.77:5060>;${instance};reg-id=1`],
    cseq: 5,
  });
  assert.deepEqual(
    registrar.bindings().map((b) => [b.contact, b.regId]),
    [
      ["sip:1001@192.0.2.77:5060", "1"],
      ["sip:1001@192.0.2.10:5062", "2"],
    ],
  );
  assert.equal(registrar.bindings()[0]?.instance, "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>");
  const first = parseNameAddr(headerValues(final, "contact")[0]!);
  assert.equal(paramValue(first.params, "+sip.instance"), "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>");
  assert.equal(paramValue(first.params, "reg-id"), "1");
});

test("bindings expire with the clock and the 200 shows the seconds left (RFC 3261 §10.2.1)", () => {
  const { registrar, clock } = setup();
  registerWithAuth(registrar, { contacts: ["<sip:1001@192.0.2.10>;expires=120", "<sip:1001@192.0.2.11>;expires=600"] });
  clock.t = 60_000;
  assert.deepEqual(listed(registerWithAuth(registrar, { contacts: [], cseq: 3 }).final), [
    ["sip:1001@192.0.2.10", "60"],
    ["sip:1001@192.0.2.11", "540"],
  ]);
  clock.t = 119_999;
  assert.equal(registrar.bindings().length, 2);
  clock.t = 120_000;
  assert.deepEqual(
    registrar.bindings().map((b) => b.contact),
    ["sip:1001@192.0.2.11"],
  );
  clock.t = 600_000;
  assert.deepEqual(registrar.bindings(), []);
});

test("a REGISTER without Contact is a query: 200 with the current bindings, none changed (RFC 3261 §10.3 step 8)", () => {
  const { registrar } = setup();
  registerWithAuth(registrar, {});
  const { final } = registerWithAuth(registrar, { contacts: [], cseq: 3 });
  assert.equal(final.status, 200);
  assert.deepEqual(listed(final), [["sip:1001@192.0.2.10:5060", "3600"]]);
});

test("a Request-URI or To of another domain gets 404; an IP address literal is served (RFC 3261 §10.3 steps 1, 5)", () => {
  const { registrar } = setup();
  assert.equal(registrar.handle(register({ uri: "sip:other.example.com" }), PHONE).status, 404);
  assert.equal(
    registerWithAuth(registrar, { domain: "other.example.com", uri: "sip:pbx.example.com" }).final.status,
    404,
  );
  assert.equal(registerWithAuth(registrar, { domain: "198.51.100.1" }).final.status, 200);
  assert.equal(registrar.bindings()[0]?.aor, "sip:1001@198.51.100.1");
});

test("Require with an extension gets 420 listing it in Unsupported (RFC 3261 §10.3 step 2)", () => {
  const { registrar } = setup();
  const res = registrar.handle(register({ extra: ["Require: gruu, path"] }), PHONE);
  assert.equal(res.status, 420);
  assert.equal(header(res, "unsupported"), "gruu, path");
});

test("OPTIONS gets 200 and other methods 405, both with Allow (RFC 3261 §11.2, §8.2.1)", () => {
  const { registrar } = setup();
  const req = register();
  const options = registrar.handle({ ...req, method: "OPTIONS" }, PHONE);
  assert.equal(options.status, 200);
  assert.equal(header(options, "allow"), "REGISTER, OPTIONS");
  const invite = registrar.handle({ ...req, method: "INVITE" }, PHONE);
  assert.equal(invite.status, 405);
  assert.equal(header(invite, "allow"), "REGISTER, OPTIONS");
  assert.equal(registrar.counters.registers, 0);
});

test("a REGISTER with a malformed Contact gets 400 with a Warning saying why", () => {
  const { registrar } = setup();
  const { final } = registerWithAuth(registrar, { contacts: ["<sip:1001@bad_host>"] });
  assert.equal(final.status, 400);
  assert.match(header(final, "warning") ?? "", /^399 ipdect "bad host/);
});
