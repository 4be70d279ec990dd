/**
 * npm run bench -- sip
 * SIP registration of every user (§4.6.23) against a real kamailio (digest, qop=auth):
 * 1. time to register 4000 users, ipdect's gatekeeper side by side with SIPp (`sip-tester`) registering the same 4000
 *    users against the same kamailio, over UDP and over TCP; five runs each, alternating, each client against a
 *    freshly started kamailio and (ipdect) a freshly started node; the ratio of median rates per transport. SIPp runs
 *    twice per run: with one socket for all users (`-t u1`/`t1`, the reference of record) and with a socket per user
 *    (`-t un`/`tn`), the gatekeeper's own model (App. H footnote 1: each extension its own source port);
 * 2. steady-state refreshes at Registration TTL 120 s (UDP): REGISTERs per second over two refresh periods, peak vs
 *    mean.
 * Both clients time themselves the same way: from their first REGISTER to their last user's 200 (SIPp's own clock;
 * the gatekeeper's status `users.allRegisteredInMs`), so the harness polls the node only every 100 ms and takes no
 * CPU from the run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { REFRESH_FRACTION } from "../src/sip/registerExchange.js";
import { REGISTRATION_WINDOW } from "../src/sip/RegistrationAgent.js";
import { startKamailio } from "../test/helpers/kamailio.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { NodeProcesses } from "../test/helpers/nodes.js";
import { sippRegister } from "../test/helpers/sipp.js";
import { gatekeeperNodeYaml, gatekeeperStatus as gk, sipUsers } from "../test/helpers/sipNodes.js";
import { machine, source, stats } from "./lib/machine.js";

const USERS = 4000;
const RUNS = 5;
const TTL_S = 120;
const TRANSPORTS = ["udp", "tcp"] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ip = loopbackBlock();
const k = await startKamailio({ ip: ip(100), children: 4, maxExpires: 3600 });
const users = sipUsers(USERS);
const nodes = new NodeProcesses();
const ours = { udp: [] as number[], tcp: [] as number[] };
const sipp = { udp: [] as number[], tcp: [] as number[] };
const sippPerUser = { udp: [] as number[], tcp: [] as number[] };
let steady: { perSecond: number[]; mean: number; peak: number } | undefined;
let node = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    for (const transport of TRANSPORTS) {
      await k.stop();
      await k.start();
      // SIPp: the same users, the same kamailio, one socket (-t u1 / t1) and a socket per user (un / tn).
      for (const socketPerUser of [false, true]) {
        if (socketPerUser) {
          await k.stop();
          await k.start();
        }
        const s = await sippRegister({
          proxy: { ip: k.ip, port: k.port },
          transport,
          socketPerUser,
          domain: k.realm,
          users: users.map((u) => ({ user: u["name"]!, authUser: u["name"]!, password: u["password"]! })),
        });
        if (s.succeeded !== USERS) throw new Error(`SIPp registered ${s.succeeded} of ${USERS}: ${s.errors}`);
        (socketPerUser ? sippPerUser : sipp)[transport].push(s.ms);
      }
      await k.stop();
      await k.start();
      const master = ip(1 + node);
      const name = `bench-${node}`;
      node++;
      await nodes.start(
        name,
        gatekeeperNodeYaml({
          name,
          ip: master,
          mac: `00:90:33:09:00:${node.toString(16).padStart(2, "0")}`,
          master: { mode: "active" },
          gatekeeper: {
            protocol: `sip-${transport}`,
            proxy: `${k.ip}:${k.port}`,
            domain: k.realm,
            localPort: 15060,
            registrationTtlS: TTL_S,
          },
          users,
        }),
      );
      let ms: number | undefined;
      while (ms === undefined) {
        await sleep(100);
        ms = (await gk(master))?.users.allRegisteredInMs;
      }
      ours[transport].push(ms);
      if (run < RUNS - 1 || transport !== "udp") {
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
  }
} finally {
  await nodes.close();
  await k.close();
}
const rate = (ms: number) => USERS / (ms / 1000);
const compare = (t: (typeof TRANSPORTS)[number]) => ({
  ipdectMs: ours[t],
  sippMs: sipp[t],
  ipdectMedianMs: stats(ours[t]).median,
  sippMedianMs: stats(sipp[t]).median,
  ipdectPerSecond: rate(stats(ours[t]).median),
  sippPerSecond: rate(stats(sipp[t]).median),
  ratioOfMedians: rate(stats(ours[t]).median) / rate(stats(sipp[t]).median),
  sippSocketPerUserMs: sippPerUser[t],
  sippSocketPerUserMedianMs: stats(sippPerUser[t]).median,
  ratioOfMediansSocketPerUser: rate(stats(ours[t]).median) / rate(stats(sippPerUser[t]).median),
});
const result = {
  benchmark: "sip",
  machine: machine(),
  source: source(),
  users: USERS,
  runs: RUNS,
  note:
    "kamailio 5.6 (4 children, digest qop=auth, usrloc in memory, one log line per REGISTER); SIPp -l 50, -t u1/t1 " +
    `(sippMs) and un/tn (sippSocketPerUserMs); ipdect window ${REGISTRATION_WINDOW} registrations, a socket per ` +
    "user (App. H), a fresh node per run (cold JIT)",
  udp: compare("udp"),
  tcp: compare("tcp"),
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
