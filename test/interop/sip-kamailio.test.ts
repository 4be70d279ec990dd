import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { startDnsmasq } from "../helpers/dnsmasq.js";
import { startKamailio, type Kamailio } from "../helpers/kamailio.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, NodeProcesses, waitFor } from "../helpers/nodes.js";
import { gatekeeperNodeYaml, gatekeeperStatus as gk, sipUsers } from "../helpers/sipNodes.js";

const alarms = async (ip: string, code: string) =>
  ((await api(ip, "GET", "/api/status")).json as { alarms: { code: string; source?: string }[] }).alarms.filter(
    (a) => a.code === code,
  );
const SIP_PORT = 15060;
/** The port of a URI at `ip`: `sip:user@ip:port` (a Contact) or `sip:ip:port;transport=tcp` (a source). */
const portOf = (uri: string, ip: string): number => Number(uri.split(`${ip}:`)[1]?.match(/^\d+/)?.[0]);
const USERS = 4000;

describe("real nodes against kamailio: SIP registration of every user (§4.6.23)", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  const servers: Kamailio[] = [];
  after(async () => {
    await nodes.close();
    for (const k of servers) await k.close();
  });
  const kamailio = async (host: number, received = false) => {
    const k = await startKamailio({ ip: ip(host), children: 4, received });
    servers.push(k);
    return k;
  };

  for (const protocol of ["sip-udp", "sip-tcp"] as const) {
    // TTL 20 s: every user refreshes within 0.7 × 20 s of its registration (the registrar takes 10 s and more).
    const TTL_S = 20;
    test(`${USERS} users over ${protocol} are all in kamailio's usrloc, each from its own port (App. H); a wrong password alarms that user only`, async () => {
      // kamailio keeps each REGISTER's source (fix_nated_register): usrloc then shows where each user's came from.
      const k = await kamailio(protocol === "sip-udp" ? 101 : 102, true);
      const master = ip(protocol === "sip-udp" ? 1 : 2);
      const name = `master-${protocol}`;
      await nodes.start(
        name,
        gatekeeperNodeYaml({
          name,
          ip: master,
          mac: protocol === "sip-udp" ? "00:90:33:08:00:01" : "00:90:33:08:00:02",
          master: { mode: "active" },
          gatekeeper: {
            protocol,
            proxy: `${k.ip}:${k.port}`,
            domain: k.realm,
            localPort: SIP_PORT,
            registrationTtlS: TTL_S,
          },
          // 4000 users who register, and one more (1777) whose password is wrong.
          users: sipUsers(USERS + 1, 1000, ["1777"]),
        }),
      );
      const ms = await waitFor(
        async () => (await gk(master))?.users.registered === USERS,
        60_000,
        `${USERS} users registered`,
      );
      const aors = await k.registeredAors();
      console.log(`${protocol}: ${USERS} users registered in ${ms} ms; kamailio holds ${aors.size} AORs`);
      assert.equal(aors.size, USERS);
      assert.ok(!aors.has("1777"));
      const failing = await alarms(master, "0x00030202");
      assert.deepEqual(
        failing.map((a) => a.source),
        ["1777"],
        "User registration failure for that user only",
      );
      // App. H footnote 1: "The source port used is a random port between 2048–65535. Each extension will use its
      // unique source port."
      const contacts = await k.contacts();
      assert.equal(contacts.length, USERS, "one binding per user");
      const contactPorts = contacts.map((c) => portOf(c.contact, master));
      const sourcePorts = contacts.map((c) => portOf(c.received ?? "", master));
      assert.ok(
        contactPorts.every((p) => p >= 2048 && p <= 65535 && p !== SIP_PORT),
        "contacts on 2048–65535",
      );
      assert.equal(new Set(contactPorts).size, USERS, "a contact port per user");
      assert.equal(new Set(sourcePorts).size, USERS, "a source port per user");
      if (protocol === "sip-udp") assert.deepEqual(sourcePorts, contactPorts, "over UDP it is the Contact's port");
      else assert.ok(contacts.every((c) => c.transport === "tcp"));
      // A refresh comes from the same port: after the first refreshes (0.7 × TTL at the latest) nothing has changed.
      const before = (await gk(master))!.counters!.requestsSent;
      await waitFor(
        async () => (await gk(master))!.counters!.requestsSent >= before + 2 * USERS,
        (TTL_S + 10) * 1000,
        "every user refreshed",
      );
      const again = await k.contacts();
      assert.equal(again.length, USERS, "still one binding per user after refreshes");
      assert.deepEqual(
        new Map(again.map((c) => [c.aor, `${c.contact} ${c.received}`])),
        new Map(contacts.map((c) => [c.aor, `${c.contact} ${c.received}`])),
      );
      await nodes.kill(name);
    });
  }

  test("Proxy down: every user on Alt. Proxy 1 within 2×TTL; primary back: users return within a TTL-paced retry", async () => {
    const ttlS = 30;
    const [k1, k2] = [await kamailio(103), await kamailio(104)];
    const master = ip(3);
    await nodes.start(
      "master-failover",
      gatekeeperNodeYaml({
        name: "master-failover",
        ip: master,
        mac: "00:90:33:08:00:03",
        master: { mode: "active" },
        gatekeeper: {
          proxy: `${k1.ip}:${k1.port}`,
          altProxies: [`${k2.ip}:${k2.port}`],
          domain: k1.realm,
          localPort: SIP_PORT,
          registrationTtlS: ttlS,
        },
        users: sipUsers(USERS),
      }),
    );
    await waitFor(async () => (await k1.registeredAors()).size === USERS, 60_000, "all users on the primary");
    await k1.stop();
    const moved = await waitFor(
      async () => (await k2.registeredAors()).size === USERS,
      2 * ttlS * 1000,
      "all users on Alt. Proxy 1",
    );
    console.log(`failover: all ${USERS} users on Alt. Proxy 1 ${moved} ms after the primary stopped (TTL ${ttlS} s)`);
    assert.equal((await alarms(master, "0x00010002")).length, 1, "Registration down for the primary");
    await k1.start();
    const back = await waitFor(
      async () => (await k1.registeredAors()).size === USERS && (await k2.contacts()).length === 0,
      3 * ttlS * 1000,
      "all users back on the primary and gone from the alternative",
    );
    console.log(`failback: all users back on the primary ${back} ms after it restarted`);
    assert.equal((await alarms(master, "0x00010002")).length, 0);
    await nodes.kill("master-failover");
  });

  test("Master → Standby: the Standby registers every user; no stale duplicate contact beyond one TTL", async () => {
    const ttlS = 30;
    const k = await kamailio(105);
    const [master, standby] = [ip(4), ip(5)];
    const gatekeeper = { proxy: `${k.ip}:${k.port}`, domain: k.realm, localPort: SIP_PORT, registrationTtlS: ttlS };
    await nodes.start(
      "gk-master",
      gatekeeperNodeYaml({
        name: "gk-master",
        ip: master,
        mac: "00:90:33:08:00:04",
        master: { mode: "active", id: 2 },
        gatekeeper,
        users: sipUsers(USERS),
      }),
    );
    await nodes.start(
      "gk-standby",
      gatekeeperNodeYaml({
        name: "gk-standby",
        ip: standby,
        mac: "00:90:33:08:00:05",
        master: { mode: "standby", id: 2, primary: master },
        gatekeeper,
      }),
    );
    await waitFor(async () => (await k.registeredAors()).size === USERS, 60_000, "all users via the Master");
    // The Standby's copy of the directory must be complete before the Master goes.
    await waitFor(
      async () => ((await api(standby, "GET", "/api/users")).json as unknown[]).length === USERS,
      30_000,
      "the Standby has every user",
    );
    await nodes.kill("gk-master");
    const taken = await waitFor(
      async () => (await gk(standby))?.users.registered === USERS,
      60_000,
      "every user registered from the Standby",
    );
    console.log(`takeover: every user registered from the Standby ${taken} ms after the Master was killed`);
    const contacts = await k.contacts();
    const perAor = new Map<string, number>();
    for (const c of contacts) perAor.set(c.aor, (perAor.get(c.aor) ?? 0) + 1);
    assert.equal(perAor.size, USERS);
    assert.ok(
      [...perAor.values()].every((n) => n === 1),
      `duplicates: ${[...perAor].filter(([, n]) => n > 1).length}`,
    );
    assert.ok(
      contacts.every((c) => c.contact.includes(`@${standby}:`)),
      "every binding is the Standby's",
    );
  });

  test("App. D.1's fixed connection as written: four proxies by host name and port; users move to Alt. Proxy 1, 2 and 3 as each stops", async () => {
    // App. D.1 steps 3–4: "proxy1.company.com:5060" … "proxy4.company.com:5060"; here each kamailio has its own test
    // port, and dnsmasq gives the names' A records (a name with a port is not looked up by SRV, RFC 3263 §4.2). SIP/TCP
    // (step 2 offers it): a stopped proxy refuses the connection, so the move waits for a refresh, not for Timer F.
    const ttlS = 10;
    const n = 200;
    const ks = [await kamailio(111), await kamailio(112), await kamailio(113), await kamailio(114)];
    const names = ks.map((_, i) => `proxy${i + 1}.company.com`);
    const dns = await startDnsmasq({ ip: ip(115), hosts: Object.fromEntries(names.map((h, i) => [h, ks[i]!.ip])) });
    const [proxy, ...altProxies] = ks.map((k, i) => `${names[i]}:${k.port}`);
    try {
      const master = ip(7);
      await nodes.start(
        "gk-d1",
        JSON.stringify({
          ...JSON.parse(
            gatekeeperNodeYaml({
              name: "gk-d1",
              ip: master,
              mac: "00:90:33:08:00:07",
              master: { mode: "active" },
              gatekeeper: {
                protocol: "sip-tcp",
                proxy,
                altProxies,
                domain: ks[0]!.realm,
                localPort: SIP_PORT,
                registrationTtlS: ttlS,
              },
              users: sipUsers(n),
            }),
          ),
          dns: dns.server,
        }) + "\n",
      );
      for (const [i, k] of ks.entries()) {
        const ms = await waitFor(
          async () => (await k.registeredAors()).size === n,
          i === 0 ? 60_000 : 3 * ttlS * 1000,
          `every user on ${names[i]}`,
        );
        console.log(
          `App. D.1: all ${n} users on ${names[i]} (${i === 0 ? "Proxy" : `Alt. Proxy ${i}`}) after ${ms} ms`,
        );
        if (i < ks.length - 1) await k.stop();
      }
      const dnsLog = dns.logs();
      for (const h of names) assert.ok(dnsLog.includes(h), `${h} resolved through the device's DNS server`);
      assert.ok(!dnsLog.includes("_sip._udp"), "no SRV lookup: each name has its port");
    } finally {
      await nodes.kill("gk-d1");
      await dns.stop();
    }
  });

  test("DNS SRV via dnsmasq: 4000 users split 60/40 within 5 points; priority 20 only once both priority 10 fail (App. D.2)", async () => {
    const ttlS = 30;
    const [k1, k2, k3] = [await kamailio(106), await kamailio(107), await kamailio(108)];
    const dns = await startDnsmasq({
      ip: ip(110),
      srv: [
        { name: "_sip._udp.ipdect.test", target: "pbx1.ipdect.test", port: k1.port, priority: 10, weight: 60 },
        { name: "_sip._udp.ipdect.test", target: "pbx2.ipdect.test", port: k2.port, priority: 10, weight: 40 },
        { name: "_sip._udp.ipdect.test", target: "pbx3.ipdect.test", port: k3.port, priority: 20, weight: 100 },
      ],
      hosts: { "pbx1.ipdect.test": k1.ip, "pbx2.ipdect.test": k2.ip, "pbx3.ipdect.test": k3.ip },
    });
    try {
      const master = ip(6);
      await nodes.start(
        "gk-srv",
        JSON.stringify({
          ...JSON.parse(
            gatekeeperNodeYaml({
              name: "gk-srv",
              ip: master,
              mac: "00:90:33:08:00:06",
              master: { mode: "active" },
              gatekeeper: { proxy: "ipdect.test", domain: k1.realm, localPort: SIP_PORT, registrationTtlS: ttlS },
              users: sipUsers(USERS),
            }),
          ),
          // The resolver is the device's DNS server setting (IP0 /dns), here with the dnsmasq port.
          dns: dns.server,
        }) + "\n",
      );
      const count = async (k: Kamailio) => (await k.registeredAors()).size;
      await waitFor(async () => (await count(k1)) + (await count(k2)) === USERS, 60_000, "every user registered");
      const [n1, n2, n3] = [await count(k1), await count(k2), await count(k3)];
      console.log(`SRV split: pbx1 (weight 60) ${n1}, pbx2 (weight 40) ${n2}, pbx3 (priority 20) ${n3}`);
      assert.ok(Math.abs(n1 / USERS - 0.6) <= 0.05, `pbx1 ${n1}`);
      assert.ok(Math.abs(n2 / USERS - 0.4) <= 0.05, `pbx2 ${n2}`);
      assert.equal(n3, 0, "the lower priority is unused while the higher ones answer");
      await k1.stop();
      await waitFor(async () => (await count(k2)) === USERS, 2 * ttlS * 1000, "pbx1's users on their secondary, pbx2");
      assert.equal(await count(k3), 0, "still nobody on priority 20 while pbx2 answers");
      await k2.stop();
      const ms = await waitFor(async () => (await count(k3)) === USERS, 2 * ttlS * 1000, "every user on pbx3");
      console.log(`SRV: every user on the priority-20 target ${ms} ms after both priority-10 targets stopped`);
    } finally {
      await nodes.kill("gk-srv");
      await dns.stop();
    }
  });
});
