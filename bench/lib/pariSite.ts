import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { waitFor } from "../../test/helpers/nodes.js";

/**
 * The real-node PARI site of the scale benchmarks (bench/pari.ts, bench/apiLoad.ts): radio addresses and the YAML of
 * one `ipdect node` process hosting many IPBS radios, and what /proc tells of a node process.
 */

/**
 * Radio addresses: 127.X.Y.h with X in 250..254, outside the 127.100–249 blocks of test/helpers/loopback.ts, so a
 * test running meanwhile never shares an address; five /24s of 250 hosts hold the 1023 radios. The PARI Master's
 * plug-and-play discovery group 239.X.Y.19 is likewise one no test joins.
 */
export function radioAddresses(): { ipOf: (i: number) => string; group: string } {
  const x = 250 + Math.floor(Math.random() * 5);
  const y = Math.floor(Math.random() * 245);
  return {
    ipOf: (i) => `127.${x}.${y + Math.floor((i - 1) / 250)}.${((i - 1) % 250) + 1}`,
    group: `239.${x}.${y}.19`,
  };
}

/** `n` IPBS radios of one `ipdect node` process, each asking `pariMaster` for its RFPIs. */
export function pariRadiosYaml(n: number, ipOf: (i: number) => string, pariMaster: string): string {
  const hex = (v: number) => v.toString(16).padStart(2, "0");
  const lines = ["devices:"];
  for (let i = 1; i <= n; i++)
    lines.push(
      `  - { name: radio-${i}, kind: IPBS, mac: "00:90:33:0b:${hex(i >> 8)}:${hex(i & 0xff)}", ip: ${ipOf(i)}, radio: { pariMaster: ${pariMaster} } }`,
    );
  return lines.join("\n") + "\n";
}

/** A PARI Master (IPBS, no radio) whose plug-and-play discovery group is `group`, without its address. */
export const pariMaster = (group: string, systemId: number) => ({
  name: "pari",
  kind: "IPBS",
  mac: "00:90:33:0a:00:01",
  discoveryGroup: group,
  master: { mode: "active" },
  pari: { systemId },
});

/** The PARI Master at `ip` as a node's configuration file (JSON, which YAML reads). */
export const pariMasterYaml = (ip: string, group: string, systemId: number): string =>
  JSON.stringify({ ...pariMaster(group, systemId), ip }) + "\n";

/**
 * CPU time of a process's main thread and its time runnable but waiting for a core (/proc/<pid>/schedstat, ns): the
 * wait shows how much other work on the machine held the process back.
 */
export function schedSeconds(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
  return { run: run! / 1e9, wait: wait! / 1e9 };
}

/** VmRSS / VmHWM (peak) of a process in MiB, and its open file descriptors. */
export function procStats(pid: number): { rssMiB: number; peakMiB: number; fds: number } {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
  return {
    rssMiB: Math.round(kb("VmRSS") / 1024),
    peakMiB: Math.round(kb("VmHWM") / 1024),
    fds: readdirSync(`/proc/${pid}/fd`).length,
  };
}

/**
 * Radios' default certificates kept between benchmark runs (§4.1.10.4.1: a device makes its certificate at first start
 * and keeps it on flash). Making 1023 RSA-2048 keys takes one core for about 7 minutes on a 2-core machine, which
 * would load every measurement taken meanwhile; radios started again from a kept flash skip it, as real radios do.
 */
const CERT_CACHE = join(tmpdir(), "ipdect-bench-radio-certs");
const certFile = (dir: string, i: number) => join(dir, `radio-${i}`, "certs", "default.json");

/** Puts the kept certificates of radios 1..n on the flash under `dataDir`; returns how many were kept. */
export function seedRadioCertificates(dataDir: string, n: number): number {
  let seeded = 0;
  for (let i = 1; i <= n; i++) {
    if (!existsSync(certFile(CERT_CACHE, i))) continue;
    mkdirSync(dirname(certFile(dataDir, i)), { recursive: true });
    copyFileSync(certFile(CERT_CACHE, i), certFile(dataDir, i));
    seeded++;
  }
  return seeded;
}

/** How many of radios 1..n have their certificate on the flash under `dataDir`. */
const radioCertificates = (dataDir: string, n: number): number =>
  Array.from({ length: n }, (_, i) => existsSync(certFile(dataDir, i + 1))).filter(Boolean).length;

/**
 * Waits until radios 1..n have made their certificates (at most `limitMs`), then keeps them for the next run; answers
 * how long the wait took.
 */
export async function radioCertificatesKept(dataDir: string, n: number, limitMs: number): Promise<number> {
  const ms = await waitFor(
    async () => radioCertificates(dataDir, n) === n,
    limitMs,
    "the radios' default certificates",
  );
  keepRadioCertificates(dataDir, n);
  return ms;
}

/** Keeps the certificates of radios 1..n for the next run. */
function keepRadioCertificates(dataDir: string, n: number): void {
  for (let i = 1; i <= n; i++) {
    mkdirSync(dirname(certFile(CERT_CACHE, i)), { recursive: true });
    copyFileSync(certFile(dataDir, i), certFile(CERT_CACHE, i));
  }
}
