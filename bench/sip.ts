/**
 * npm run bench -- sip
 * SIP registration of every user (§4.6.23) against a real kamailio (digest, UDP):
 * 1. time to register 4000 users, ipdect's gatekeeper side by side with SIPp (`sip-tester`) registering the same 4000
 *    users against the same kamailio; three runs each, alternating; the ratio of rates;
 * 2. steady-state refreshes at Registration TTL 120 s: REGISTERs per second over two refresh periods, peak vs mean.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { REFRESH_FRACTION } from "../src/sip/RegistrationAgent.js";
import { startKamailio } from "../test/helpers/kamailio.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { api, NodeProcesses } from "../test/helpers/nodes.js";
import { sippRegister } from "../test/helpers/sipp.js";
import { gatekeeperNodeYaml, sipUsers } from "../test/helpers/sipNodes.js";
import { machine, stats } from "./machine.js";

const USERS = 4000;
const TTL_S = 120;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface GkCounters {
  users: { registered: number };
  counters?: { requestsSent: number };
}
const gk = async (ip: string): Promise<GkCounters | undefined> => {
  try {
    const r = await api(ip, "GET", "/api/sip");
    return r.status === 200 ? (r.json as GkCounters) : undefined;
  } catch {
    return undefined;
  }
};

const ip = loopbackBlock();
const k = await startKamailio({ ip: ip(100), children: 4, maxExpires: 3600 });
const users = sipUsers(USERS);
const nodes = new NodeProcesses();
const ours: number[] = [];
const sipp: number[] = [];
let steady: { perSecond: number[]; mean: number; peak: number } | undefined;
try {
  for (let run = 0; run < 3; run++) {
    await k.stop();
    await k.start();
    // SIPp: the same users, the same kamailio, one UDP socket, as fast as it goes.
    const s = await sippRegister({
      proxy: { ip: k.ip, port: k.port },
      transport: "udp",
      domain: k.realm,
      users: users.map((u) => ({ user: u["name"]!, authUser: u["name"]!, password: u["password"]! })),
    });
    if (s.succeeded !== USERS) throw new Error(`SIPp registered ${s.succeeded} of ${USERS}: ${s.errors}`);
    sipp.push(s.ms);
    await k.stop();
    await k.start();
    // ipdect: from the first REGISTER on the wire (the gatekeeper's counter) to every user registered.
    const master = ip(1 + run);
    const name = `bench-${run}`;
    await nodes.start(
      name,
      gatekeeperNodeYaml({
        name,
        ip: master,
        mac: `00:90:33:09:00:0${run + 1}`,
        master: { mode: "active" },
        gatekeeper: { proxy: `${k.ip}:${k.port}`, domain: k.realm, localPort: 15060, registrationTtlS: TTL_S },
        users,
      }),
    );
    let t0: number | undefined;
    let t1: number | undefined;
    while (t1 === undefined) {
      const g = await gk(master);
      const now = performance.now();
      if (t0 === undefined && (g?.counters?.requestsSent ?? 0) > 0) t0 = now;
      if (g?.users.registered === USERS) t1 = now;
      await sleep(5);
    }
    ours.push(t1 - t0!);
    if (run < 2) {
      await nodes.kill(name);
      continue;
    }
    // Steady state: REGISTERs per second (challenges and answers both count) over two refresh periods, from the
    // moment the first refreshes start (a quarter period after registration).
    const period = TTL_S * REFRESH_FRACTION * 1000;
    await sleep(period * 0.3);
    const perSecond: number[] = [];
    let last = (await gk(master))!.counters!.requestsSent;
    for (let t = 0; t < (2 * period) / 1000; t++) {
      await sleep(1000);
      const now = (await gk(master))!.counters!.requestsSent;
      perSecond.push(now - last);
      last = now;
    }
    const mean = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    steady = { perSecond, mean, peak: Math.max(...perSecond) };
    await nodes.kill(name);
  }
} finally {
  await nodes.close();
  await k.close();
}
const rate = (ms: number) => USERS / (ms / 1000);
const result = {
  benchmark: "sip",
  machine: machine(),
  users: USERS,
  transport: "udp",
  note: "kamailio 5.6 (4 children, digest qop=auth, usrloc in memory); SIPp -l 50; ipdect window 128 registrations",
  ipdectMs: stats(ours),
  sippMs: stats(sipp),
  ipdectPerSecond: stats(ours.map(rate)),
  sippPerSecond: stats(sipp.map(rate)),
  ratioOfMedians: rate(stats(ours).median) / rate(stats(sipp).median),
  steadyState: {
    ttlS: TTL_S,
    seconds: steady!.perSecond.length,
    meanPerSecond: steady!.mean,
    peakPerSecond: steady!.peak,
    peakOverMean: steady!.peak / steady!.mean,
  },
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/sip-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
