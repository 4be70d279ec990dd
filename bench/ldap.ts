/**
 * npm run bench -- ldap
 * Search throughput of our LDAP server (§4.5.1: a real `ipdect node` Master with 4000 users) against OpenLDAP's
 * slapd (mdb, the same 4000 entries, equality indexes on cn and e164), measured in one run with the same client
 * (the ldapjs 3.0.7 client in this process) at the same concurrency: equality searches by Number (e164) and full
 * subtree searches. Rounds alternate between the servers; the server's own CPU time per search is read from /proc.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SeededRng } from "../src/core/Rng.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { NodeProcesses } from "../test/helpers/nodes.js";
import { cpuSeconds, machine, source, stats } from "./lib/machine.js";
import { ROOT_PW, Slapd } from "../test/helpers/slapd.js";

const USERS = 4000;
const CONCURRENCY = 8;
const EQ_SEARCHES = 20_000;
const WARMUP = 2_000;
const FULL_SEARCHES = 20;
const ROUNDS = 5;
const TARGET_RATIO = 0.5;
const PORT = 3389;

/** The user attributes of manual 003 §4.5.3.2 (OIDs under the RFC 5612 example arc 32473), for slapd. */
const SCHEMA = [
  ...["h323", "e164", "auth", "ipei", "authCode", "idle", "guid", "usn"].map(
    (name, i) =>
      `attributetype ( 1.3.6.1.4.1.32473.1.1.${i + 1} NAME '${name}' EQUALITY caseIgnoreMatch ` +
      "SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
  ),
  "objectclass ( 1.3.6.1.4.1.32473.1.2.1 NAME 'ipdectUser' SUP top STRUCTURAL MUST ( cn $ e164 ) " +
    "MAY ( h323 $ auth $ ipei $ authCode $ idle $ guid $ usn ) )",
  "objectclass ( 1.3.6.1.4.1.32473.1.2.2 NAME 'ipdectView' SUP top STRUCTURAL MUST cn )",
].join("\n");

interface User {
  readonly longName: string;
  readonly number: string;
  readonly name: string;
  readonly authCode: string;
}

function benchUsers(): User[] {
  const rng = new SeededRng("ldap-bench");
  return Array.from({ length: USERS }, (_, i) => ({
    longName: `User ${String(i).padStart(4, "0")}`,
    number: String(10000 + i),
    name: `u${10000 + i}`,
    authCode: String(1000 + rng.int(9000)),
  }));
}

function nodeYaml(ip: string, users: readonly User[]): string {
  const lines = [
    "name: ldap-bench",
    "kind: IPVM",
    'mac: "00:90:33:20:01:01"',
    `ip: ${ip}`,
    "master: { mode: active }",
    `ldap: { server: { user: ldap-user, password: ldap-secret, writeAccess: true, port: ${PORT} } }`,
    "users:",
    ...users.map(
      (u) => `  - { longName: "${u.longName}", number: "${u.number}", name: "${u.name}", authCode: "${u.authCode}" }`,
    ),
  ];
  return lines.join("\n") + "\n";
}

/** The same users for slapd, with a guid and usn as our directory gives them. */
function slapdLdif(users: readonly User[]): string {
  const rng = new SeededRng("ldap-bench-guid");
  const hex = () => Array.from({ length: 32 }, () => "0123456789ABCDEF"[rng.int(16)]).join("");
  return users
    .map((u, i) =>
      [
        `dn: cn=${u.longName},cn=PBX0`,
        "objectClass: ipdectUser",
        `cn: ${u.longName}`,
        `h323: ${u.name}`,
        `e164: ${u.number}`,
        `authCode: ${u.authCode}`,
        `guid: ${hex()}`,
        `usn: ${i + 2}`,
        "",
      ].join("\n"),
    )
    .join("\n");
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the ldapjs 3 client, used untyped (its types describe v2) */
const ldapjs: any = createRequire(import.meta.url)("ldapjs");

/** A bound ldapjs client. */
async function connect(url: string, dn: string, password: string): Promise<any> {
  const client = ldapjs.createClient({ url });
  await new Promise<void>((resolve, reject) => client.bind(dn, password, (e: unknown) => (e ? reject(e) : resolve())));
  return client;
}

/** One search; resolves with the number of entries. */
function search(client: any, filter: string): Promise<number> {
  return new Promise((resolve, reject) => {
    client.search("cn=PBX0", { scope: "sub", filter }, (err: unknown, res: any) => {
      if (err) return reject(err);
      let n = 0;
      res.on("searchEntry", () => n++);
      res.on("error", reject);
      res.on("end", (r: { status: number }) => (r.status === 0 ? resolve(n) : reject(new Error(`status ${r.status}`))));
    });
  });
}

/** `count` searches spread over the clients, each client one at a time; the entries each returned are checked. */
async function drive(clients: any[], count: number, filter: (i: number) => string, entries: number): Promise<void> {
  let next = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (next < count) {
        const i = next++;
        const n = await search(c, filter(i));
        if (n !== entries) throw new Error(`${filter(i)}: ${n} entries, expected ${entries}`);
      }
    }),
  );
}

interface Measure {
  readonly opsPerSec: number;
  /** CPU time of the server process per search (user + system), µs. */
  readonly serverCpuUsPerOp: number;
}

async function timed(pid: number, ops: number, run: () => Promise<void>): Promise<Measure> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  return {
    opsPerSec: Math.round(ops / seconds),
    serverCpuUsPerOp: Math.round(((cpuSeconds(pid) - cpu0) * 1e6) / ops),
  };
}

interface Server {
  readonly url: string;
  readonly dn: string;
  readonly password: string;
  readonly pid: number;
}

async function round(server: Server, users: readonly User[]) {
  const { url, dn, password, pid } = server;
  const clients = await Promise.all(Array.from({ length: CONCURRENCY }, () => connect(url, dn, password)));
  const byNumber = (i: number) => `(e164=${users[(i * 7919) % users.length]!.number})`;
  await drive(clients, WARMUP, byNumber, 1);
  const eq = await timed(pid, EQ_SEARCHES, () => drive(clients, EQ_SEARCHES, byNumber, 1));
  const full = await timed(pid, FULL_SEARCHES, () =>
    drive(clients, FULL_SEARCHES, () => "(objectClass=ipdectUser)", USERS),
  );
  await Promise.all(clients.map((c) => new Promise((r) => c.unbind(r))));
  return { eq, full };
}

const summary = (ms: Measure[]) => ({
  opsPerSec: stats(ms.map((m) => m.opsPerSec)),
  serverCpuUsPerOp: stats(ms.map((m) => m.serverCpuUsPerOp)),
});

const ip = loopbackBlock();
const users = benchUsers();
const nodes = new NodeProcesses();
let slapd: Slapd | undefined;
try {
  const ours = await nodes.start("ldap-bench", nodeYaml(ip(1), users));
  slapd = await Slapd.start({
    ip: ip(2),
    port: PORT,
    suffix: "cn=PBX0",
    suffixEntry: "dn: cn=PBX0\nobjectClass: ipdectView\ncn: PBX0\n\n",
    schema: SCHEMA,
    // Every entry in one answer as our server gives them (slapd's default stops at 500); no syslog line per
    // operation (the default, stats, writes several): slapd at its fastest.
    global: ["sizelimit unlimited", "loglevel 0"],
    indexes: ["index cn,e164 eq"],
    ldif: slapdLdif(users),
  });
  const servers = {
    ours: { url: `ldap://${ip(1)}:${PORT}`, dn: "cn=ldap-user", password: "ldap-secret", pid: ours.pid! },
    slapd: { url: slapd.url, dn: slapd.rootDn, password: ROOT_PW, pid: slapd.pid! },
  };
  const results = { ours: [] as Awaited<ReturnType<typeof round>>[], slapd: [] as Awaited<ReturnType<typeof round>>[] };
  for (let r = 0; r < ROUNDS; r++) {
    results.ours.push(await round(servers.ours, users));
    results.slapd.push(await round(servers.slapd, users));
    process.stderr.write(`round ${r + 1}: ${JSON.stringify({ ours: results.ours[r], slapd: results.slapd[r] })}\n`);
  }
  const part = (k: "eq" | "full") => {
    const o = summary(results.ours.map((x) => x[k]));
    const s = summary(results.slapd.map((x) => x[k]));
    return { ours: o, slapd: s, ratio: Math.round((o.opsPerSec.median / s.opsPerSec.median) * 100) / 100 };
  };
  const result = {
    benchmark: "ldap",
    machine: machine(),
    source: source(),
    users: USERS,
    client: `ldapjs 3.0.7 client in the benchmark process, ${CONCURRENCY} connections, one search at a time each`,
    slapd:
      "OpenLDAP slapd (Debian) via test/helpers/slapd.ts: mdb, syncprov, equality indexes on objectClass, cn, e164; " +
      "sizelimit unlimited; loglevel 0",
    rounds: ROUNDS,
    equality: {
      searches: EQ_SEARCHES,
      filter: "(e164=<Number>), base cn=PBX0, subtree, all attributes",
      ...part("eq"),
    },
    fullSubtree: { searches: FULL_SEARCHES, filter: "(objectClass=ipdectUser): 4000 entries each", ...part("full") },
    targetRatio: TARGET_RATIO,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/ldap-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} finally {
  await slapd?.close();
  await nodes.close();
}
