/**
 * npm run bench -- certGen
 * A self-signed device certificate made from nothing (§4.1.10.4.2: "This may take up to one hour depending on the key
 * strength selected"): a new RSA key (node:crypto, libuv's thread pool) and the certificate over it (node-forge lays it
 * out, node:crypto signs). Targets (issue 15): 2048-bit in ≤ 1 s, 4096-bit in ≤ 5 s, median of several runs. Also:
 * the certificate alone over a ready key (what each sim device costs at its first start, with the sim's shared keys), a
 * signing request, and a PKCS#12 import of OpenSSL 3's default format.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRequest, selfSignedIdentity } from "../src/certs/deviceOps.js";
import { rsaKeys, type RsaBits } from "../src/certs/keys.js";
import { buildCsr, buildSelfSigned } from "../src/certs/requests.js";
import { decodeUpload } from "../src/certs/upload.js";
import { Mac } from "../src/core/identity/Mac.js";
import { machine, source, stats } from "./lib/machine.js";

const TARGET_MS: { readonly [B in 2048 | 4096]: number } = { 2048: 1000, 4096: 5000 };
const RUNS: { readonly [B in 2048 | 4096]: number } = { 2048: 9, 4096: 7 };
const BUILD_RUNS = 200;

const round = (x: number) => Math.round(x * 10) / 10;
const ms = async (fn: () => unknown): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

async function selfSigned(bits: 2048 | 4096) {
  const req = { ...defaultRequest(Mac.parse("00:90:33:0c:0e:01")), bits: bits as RsaBits };
  const runs: number[] = [];
  for (let i = 0; i < RUNS[bits]; i++)
    runs.push(await ms(() => selfSignedIdentity(rsaKeys, req, Date.now(), "self-signed")));
  const s = stats(runs);
  return {
    bits,
    runsMs: runs.map(round),
    medianMs: round(s.median),
    minMs: round(s.min),
    maxMs: round(s.max),
    targetMs: TARGET_MS[bits],
    pass: s.median <= TARGET_MS[bits],
  };
}

/** The certificate (or request) alone over a ready 2048-bit key: forge's layout plus one RSA signature. */
async function overReadyKey() {
  const key = await rsaKeys.rsa(2048);
  const req = defaultRequest(Mac.parse("00:90:33:0c:0e:01"));
  const cert: number[] = [];
  const csr: number[] = [];
  for (let i = 0; i < BUILD_RUNS; i++) {
    cert.push(await ms(() => buildSelfSigned(key, req, Date.now(), "127.0.0.1")));
    csr.push(await ms(() => buildCsr(key, req)));
  }
  return {
    certificateMedianMs: round(stats(cert).median * 10) / 10,
    csrMedianMs: round(stats(csr).median * 10) / 10,
    runs: BUILD_RUNS,
  };
}

/** A PKCS#12 file of `openssl pkcs12 -export` (AES-256-CBC, PBKDF2 2048 iterations, SHA-256 MAC) read with its password. */
function pkcs12Import() {
  const dir = mkdtempSync(join(tmpdir(), "ipdect-bench-"));
  try {
    const run = (args: string[]) => spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
    run([
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "k.pem",
      "-out",
      "c.pem",
      "-subj",
      "/CN=b",
      "-days",
      "30",
    ]);
    run(["pkcs12", "-export", "-inkey", "k.pem", "-in", "c.pem", "-out", "c.p12", "-passout", "pass:pw"]);
    const p12 = readFileSync(join(dir, "c.p12"));
    const runs: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now();
      decodeUpload(p12, "pw");
      runs.push(performance.now() - t0);
    }
    return { medianMs: round(stats(runs).median), runs: runs.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const selfSignedResults = [await selfSigned(2048), await selfSigned(4096)];
for (const r of selfSignedResults) console.log("self-signed", JSON.stringify(r));
const ready = await overReadyKey();
console.log("over a ready key", JSON.stringify(ready));
const pkcs12 = pkcs12Import();
console.log("pkcs12 import", JSON.stringify(pkcs12));
const result = {
  benchmark: "certGen",
  machine: machine(),
  source: source(),
  note: "each self-signed run: a new RSA key (node:crypto generateKeyPair) and a certificate over it; key generation is random, so runs vary",
  selfSigned: selfSignedResults,
  overReadyKey: ready,
  pkcs12Import: pkcs12,
};
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/certGen-${result.machine.date}.json`;
writeFileSync(file, JSON.stringify(result, null, 1) + "\n");
console.log(`written ${file}`);
if (!selfSignedResults.every((r) => r.pass)) process.exitCode = 1;
