/**
 * npm run bench -- kerberosLogin
 * Realm logins per second on a real node (§4.1.8.7): a Kerberos server device (MIT krb5kdc + kadmind) and a client
 * device that joined its realm, in this process on loopback. Measured: password logins (kinit into a private cache,
 * kvno -k with the device's keytab, the role read through kadmind: three MIT programs per login) with CONCURRENCY at
 * a time, and SPNEGO logins (a fresh token from the npm kerberos client for every login, accepted with the device's
 * keytab, the role read through kadmind), one at a time (the package's calls run one at a time in a process,
 * docs/design.md "Kerberos"). KERBEROS_BENCH_SECONDS sets the time per kind (default 10).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDeviceConfigs } from "../src/config/loadDeviceConfigs.js";
import { silentLogger } from "../src/core/Logger.js";
import { NodeHost } from "../src/node/NodeHost.js";
import { removeTempDir, tempDir } from "../test/helpers/foregroundProcess.js";
import { call, realmPorts, runTool, writeToolConf } from "../test/helpers/kerberos.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { machine, source } from "./lib/machine.js";

const SECONDS = Number(process.env["KERBEROS_BENCH_SECONDS"] ?? 10);
const CONCURRENCY = Number(process.env["KERBEROS_BENCH_CONCURRENCY"] ?? 4);
const REALM = "BENCH.IPDECT";
const HOST = "00304220aa02";

interface GssClient {
  step(challenge: string): Promise<string>;
}
interface GssPackage {
  initializeClient(service: string, options: { mechOID: number }): Promise<GssClient>;
  GSS_MECH_OID_SPNEGO: number;
}

/** Runs `once` for SECONDS with `workers` at a time; logins per second. */
async function rate(workers: number, once: () => Promise<void>): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        await once();
        n++;
      }
    }),
  );
  return Math.round((n / (performance.now() - t0)) * 1000 * 10) / 10;
}

const ip = loopbackBlock();
const dataDir = tempDir("ipdect-krb-bench-");
const p = await realmPorts(ip(1));
const row = `{ realm: ${REALM}, address: ${ip(1)}, port: ${p.port}, adminPort: ${p.adminPort} }`;
const yaml = `devices:
  - { name: kdc, kind: IPVM, mac: "00:30:42:20:aa:01", ip: ${ip(1)},
      kerberos: { server: { realm: ${REALM}, port: ${p.port}, adminPort: ${p.adminPort}, passwordPort: ${p.passwordPort} } } }
  - { name: radio, kind: IPBS, mac: "00:30:42:20:aa:02", ip: ${ip(2)}, kerberos: { client: { servers: [${row}] } } }
`;
const host = await NodeHost.start(loadDeviceConfigs(yaml, "bench.yaml"), {
  dataDir,
  httpPort: 0,
  httpsPort: 0,
  events: { emit: () => undefined },
  logger: silentLogger,
});
try {
  const kdc = host.devices.get("kdc")!;
  const radio = host.devices.get("radio")!;
  const steps = [
    await call(kdc, "POST", "/api/kerberos/server", { rootPassword: "bench-root" }),
    await call(kdc, "POST", "/api/kerberos/users", { name: "alice", password: "alice-pw", role: "administrator" }),
    await call(radio, "POST", "/api/kerberos/client/join", { realm: REALM, user: "alice", password: "alice-pw" }),
  ];
  for (const s of steps) if (s.status >= 300) throw new Error(`setup: ${s.status} ${JSON.stringify(s.body)}`);
  const realm = radio.realmLogin()!;
  const password = await rate(CONCURRENCY, async () => {
    const v = await realm.password({ realm: REALM, user: "alice" }, "alice-pw");
    if (!v.ok) throw new Error(`password login refused: ${v.detail}`);
  });
  process.stderr.write(`password: ${password}/s\n`);

  const conf = join(dataDir, "tools-krb5.conf");
  writeToolConf(conf, REALM, [`${ip(1)}:${p.port}`]);
  process.env["KRB5_CONFIG"] = conf;
  process.env["KRB5CCNAME"] = `FILE:${join(dataDir, "tools.ccache")}`;
  await runTool("kinit", [`alice@${REALM}`], {}, "alice-pw\n");
  const name = "kerberos";
  const gss = ((await import(name)) as { default: GssPackage }).default;
  const spnego = await rate(1, async () => {
    const client = await gss.initializeClient(`HTTP@${HOST}`, { mechOID: gss.GSS_MECH_OID_SPNEGO });
    const token = await client.step("");
    const v = await realm.negotiate(Buffer.from(token, "base64"));
    if (!v.ok) throw new Error(`SPNEGO login refused: ${v.detail}`);
  });
  process.stderr.write(`SPNEGO: ${spnego}/s\n`);
  const result = {
    benchmark: "kerberosLogin",
    machine: machine(),
    source: source(),
    seconds: SECONDS,
    passwordPerSec: password,
    passwordConcurrency: CONCURRENCY,
    spnegoPerSec: spnego,
    kdc: "MIT krb5kdc + kadmind (Debian krb5 1.20), database on tmpfs-less /tmp, loopback",
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/kerberosLogin-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} finally {
  await host.close();
  removeTempDir(dataDir);
}
