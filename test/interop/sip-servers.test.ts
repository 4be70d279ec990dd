import assert from "node:assert/strict";
import { Resolver } from "node:dns/promises";
import { after, before, describe, test } from "node:test";
import { BinrpcStruct, decodePacket, encodeRequest } from "../helpers/binrpc.js";
import { startDnsmasq, type Dnsmasq } from "../helpers/dnsmasq.js";
import { startKamailio, type Kamailio } from "../helpers/kamailio.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { sippRegister, type SippUser } from "../helpers/sipp.js";

const REALM = "ipdect.test";
/** Users `first` … `first + n - 1`, password as the registrar expects it (`pw-<authUser>`). */
const users = (first: number, n: number, extra: Partial<SippUser> = {}): SippUser[] =>
  Array.from({ length: n }, (_, i) => {
    const user = String(first + i);
    return { user, authUser: user, password: `pw-${user}`, ...extra };
  });

describe("the SIP test servers: kamailio as registrar, SIPp as load reference (RFC 3261 §10, §22)", () => {
  const ip = loopbackBlock();
  let kam: Kamailio;
  let second: Kamailio | undefined;
  const proxy = () => ({ ip: kam.ip, port: kam.port });

  before(async () => {
    kam = await startKamailio({ ip: ip(1) });
  });
  after(async () => {
    await second?.close();
    await kam?.close();
  });

  test("SIPp registers 200 users over UDP and 200 over TCP through a digest challenge; usrloc holds all 400", async () => {
    const udp = await sippRegister({ proxy: proxy(), transport: "udp", users: users(1000, 200), domain: REALM });
    assert.equal(udp.succeeded, 200, udp.errors || udp.stdout.slice(-3000));
    assert.equal(udp.failed, 0);
    const tcp = await sippRegister({ proxy: proxy(), transport: "tcp", users: users(2000, 200), domain: REALM });
    assert.equal(tcp.succeeded, 200, tcp.errors || tcp.stdout.slice(-3000));
    assert.ok(udp.ms > 0 && udp.ms <= udp.processMs, `${udp.ms} ≤ ${udp.processMs}`);

    const aors = await kam.registeredAors();
    for (const u of [...users(1000, 200), ...users(2000, 200)]) assert.ok(aors.has(u.user), `${u.user} registered`);
    const contacts = await kam.contacts();
    assert.equal(contacts.length, 400);
    const c1000 = contacts.find((c) => c.aor === "1000")!;
    assert.equal(c1000.transport, "udp");
    assert.match(c1000.contact, new RegExp(`^sip:1000@${kam.ip.replaceAll(".", "\\.")}:\\d+;transport=UDP$`));
    assert.equal(c1000.cseq, 2, "the authenticated REGISTER is CSeq 2");
    assert.ok(c1000.expires > 3500 && c1000.expires <= 3600, `expires ${c1000.expires}`);
    assert.equal(c1000.instance, undefined);
    assert.equal(contacts.find((c) => c.aor === "2000")!.transport, "tcp");
  });

  test("a wrong password gets 401 again: not registered, and SIPp counts that user failed", async () => {
    const r = await sippRegister({
      proxy: proxy(),
      transport: "udp",
      users: [{ user: "3000", authUser: "3000", password: "not-pw-3000" }],
      domain: REALM,
    });
    assert.equal(r.succeeded, 0);
    assert.equal(r.failed, 1);
    assert.equal(r.sippFailed, 1);
    assert.match(r.errors, /401 Unauthorized/);
    assert.ok(!(await kam.registeredAors()).has("3000"));
    // pv_www_authenticate's -2: the password did not match (not a stale nonce, not missing credentials)
    assert.match(
      kam.logs(),
      /REGISTER sip:3000@ipdect\.test from udp:[\d.]+:\d+ \(auth user '3000'\): 401 \(auth result -2\)/,
    );
  });

  test("a REGISTER with the same +sip.instance from another Contact replaces the binding; without one it adds a second", async () => {
    const instance = "urn:uuid:00000000-0000-1000-8000-00905f000001";
    const withInstance = users(3100, 1, { instance });
    const bindings = async (aor: string) => (await kam.contacts()).filter((c) => c.aor === aor);
    // each SIPp run binds a new local port, so its Contact differs from the last run's
    await sippRegister({ proxy: proxy(), transport: "udp", users: withInstance, domain: REALM });
    const [first] = await bindings("3100");
    await sippRegister({ proxy: proxy(), transport: "udp", users: withInstance, domain: REALM });
    const after2 = await bindings("3100");
    assert.equal(after2.length, 1, JSON.stringify(after2));
    assert.notEqual(after2[0]!.contact, first!.contact);
    assert.notEqual(after2[0]!.callId, first!.callId);
    assert.equal(after2[0]!.instance, `<${instance}>`);

    for (let run = 0; run < 2; run++)
      await sippRegister({ proxy: proxy(), transport: "udp", users: users(3101, 1), domain: REALM });
    assert.equal((await bindings("3101")).length, 2);
  });

  test("Expires 0 with Contact * removes every binding of the AOR (RFC 3261 §10.2.2)", async () => {
    const some = users(3101, 1);
    assert.ok((await kam.registeredAors()).has("3101"));
    const r = await sippRegister({ proxy: proxy(), transport: "udp", users: some, domain: REALM, expires: 0 });
    assert.equal(r.succeeded, 1, r.errors);
    assert.ok(!(await kam.registeredAors()).has("3101"));
    assert.ok((await kam.registeredAors()).has("3100"), "other AORs stay");
  });

  test("stop() takes the registrar away, start() brings it back with an empty usrloc, and SIPp registers again", async () => {
    assert.ok((await kam.contacts()).length > 0);
    await kam.stop();
    assert.equal(kam.running, false);
    const refused = await sippRegister({ proxy: proxy(), transport: "tcp", users: users(1000, 1), domain: REALM });
    assert.equal(refused.succeeded, 0, "nothing listens while stopped");
    await kam.start();
    assert.deepEqual(await kam.contacts(), []);
    const r = await sippRegister({ proxy: proxy(), transport: "udp", users: users(1000, 50), domain: REALM });
    assert.equal(r.succeeded, 50, r.errors);
    assert.equal((await kam.registeredAors()).size, 50);
  });

  test("two kamailio instances on different ports keep their own realm, passwords and bindings", async () => {
    second = await startKamailio({ ip: kam.ip, realm: "second.test", passwordPrefix: "x-" });
    assert.notEqual(second.port, kam.port);
    const theirs = users(5000, 20).map((u) => ({ ...u, password: `x-${u.authUser}` }));
    const r = await sippRegister({
      proxy: { ip: second.ip, port: second.port },
      transport: "udp",
      users: theirs,
      domain: "second.test",
    });
    assert.equal(r.succeeded, 20, r.errors);
    const wrongRealm = await sippRegister({ proxy: proxy(), transport: "udp", users: theirs, domain: "second.test" });
    assert.equal(wrongRealm.succeeded, 0, "the first one answers 403 to a domain not its own");
    assert.deepEqual([...(await second.registeredAors())].sort(), theirs.map((u) => u.user).sort());
    const mine = await kam.registeredAors();
    assert.ok(mine.has("1000") && !mine.has("5000"));
  });
});

describe("dnsmasq serves SRV and A records to Node's resolver (RFC 3263 §4.2, RFC 2782)", () => {
  const ip = loopbackBlock();
  let dns: Dnsmasq;
  const srv = [
    { name: "_sip._udp.ipdect.test", target: "pbx-a.ipdect.test", port: 5060, priority: 10, weight: 60 },
    { name: "_sip._udp.ipdect.test", target: "pbx-b.ipdect.test", port: 5070, priority: 10, weight: 40 },
    { name: "_sip._udp.ipdect.test", target: "pbx-c.ipdect.test", port: 5080, priority: 20, weight: 0 },
  ];
  const hosts = { "pbx-a.ipdect.test": ip(1), "pbx-b.ipdect.test": ip(2), "pbx-c.ipdect.test": ip(3) };

  before(async () => {
    dns = await startDnsmasq({ srv, hosts, ip: ip(53) });
  });
  after(async () => {
    await dns?.stop();
  });

  test("resolveSrv returns all three with priority, weight and port; resolve4 resolves each target", async () => {
    const r = new Resolver({ timeout: 1000, tries: 1 });
    r.setServers([dns.server]);
    const got = await r.resolveSrv("_sip._udp.ipdect.test");
    const key = (s: { name: string; port: number; priority: number; weight: number }) =>
      `${s.name} ${s.port} ${s.priority} ${s.weight}`;
    assert.deepEqual(got.map(key).sort(), srv.map((s) => key({ ...s, name: s.target })).sort());
    for (const [name, addr] of Object.entries(hosts)) assert.deepEqual(await r.resolve4(name), [addr]);
    await assert.rejects(r.resolve4("pbx-z.ipdect.test"), { code: "ENOTFOUND" });
    await assert.rejects(r.resolveSrv("_sip._tcp.ipdect.test"), { code: "ENOTFOUND" });
  });
});

describe("binrpc, kamailio's ctl protocol (src/modules/ctl/binrpc.h)", () => {
  test("a request: header 0xA1, method as a NUL-terminated string, an int parameter on its fewest bytes", () => {
    const req = encodeRequest("ul.dump", [0x1234], 0x01020304);
    // 0xA1, type 0 | LL 1 | CL 4, length 13, cookie; "ul.dump\0" is 8 bytes: S=1, length on 1 byte; int: 0x20 12 34
    assert.equal(
      Buffer.from(req).toString("hex"),
      "a1030d01020304" + "9108" + Buffer.from("ul.dump\0").toString("hex") + "201234",
    );
  });

  test("a reply: the header's struct example, a negative int, an 8-byte double (Q -1 in ul.dump), an array", () => {
    const body = Buffer.from([
      ...[
        0x03,
        0x75,
        ...Buffer.from("intval\0"),
        0x10,
        0x03,
        0x25,
        ...Buffer.from("s\0"),
        0x41,
        ...Buffer.from("abc\0"),
      ],
      0x83,
      ...[0x40, 0xff, 0xff, 0xff, 0xff], // int -1
      // double -1.0: -1000 on 8 bytes, the length 8 written into all 4 bits (not the "length follows" form)
      ...[0x82, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc, 0x18],
      ...[0x04, 0x10, 0x01, 0x10, 0x02, 0x84], // array [1, 2]
    ]);
    const pkt = decodePacket(Buffer.concat([Buffer.from([0xa1, 0x10, body.length, 0x07]), body]));
    assert.equal(pkt.type, 1);
    assert.equal(pkt.cookie, 7);
    const [s, minusOne, q, arr] = pkt.values;
    assert.ok(s instanceof BinrpcStruct);
    assert.equal(s.get("intval"), 3);
    assert.equal(s.get("s"), "abc");
    assert.equal(minusOne, -1);
    assert.equal(q, -1);
    assert.deepEqual(arr, [1, 2]);
  });
});
