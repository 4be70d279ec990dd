import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CertStore } from "../../src/certs/CertStore.js";
import { DEFAULT_TLS_SETTINGS, type TlsSettings } from "../../src/certs/settings.js";
import { Mac } from "../../src/core/identity/Mac.js";
import { silentLogger } from "../../src/core/Logger.js";
import { MemoryStore, type Store } from "../../src/core/Store.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { Alarms } from "../../src/role/Alarms.js";
import type { Rng } from "../../src/core/Rng.js";
import { simKeys } from "../../sim/simKeys.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

/** A date on which the device's time is set (after 2024) and the test certificates below are valid. */
export const NOW = Date.now();
export const MAC = "00:90:33:0c:0e:01";

/** What a test sees of a certificate store: the store and its device's clock, flash, alarms and events. */
export interface StoreRig {
  readonly certs: CertStore;
  readonly clock: VirtualClock;
  readonly store: Store;
  readonly alarms: Alarms;
  readonly events: { kind: string; [field: string]: unknown }[];
}

/**
 * A certificate store as a device would load it, at virtual time `now` (default: the real now, so the time is set),
 * with the sim's keys (one per size and process: fast).
 */
export async function storeRig(
  opts: { now?: number; store?: Store; settings?: TlsSettings; ip?: string } = {},
): Promise<StoreRig> {
  const clock = new VirtualClock();
  await clock.runUntil(opts.now ?? NOW, afterChains);
  const events: StoreRig["events"] = [];
  const alarms = new Alarms(
    (kind, f) => events.push({ kind, ...f }),
    () => clock.now(),
  );
  const store = opts.store ?? new MemoryStore();
  const certs = await CertStore.load(
    {
      store,
      clock,
      keys: simKeys,
      alarms,
      emit: (kind, f) => events.push({ kind, ...f }),
      log: silentLogger,
      mac: Mac.parse(MAC),
      ip: opts.ip ?? "127.0.9.1",
      defaultCertificate: "at-start",
    },
    opts.settings ?? DEFAULT_TLS_SETTINGS,
  );
  await certs.identity();
  return { certs, clock, store, alarms, events };
}

/** A temp folder for openssl's files; `close()` removes it. */
export class Workdir {
  readonly dir = mkdtempSync(join(tmpdir(), "ipdect-certs-"));

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, data: string | Uint8Array): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }

  read(name: string): Uint8Array {
    return readFileSync(this.path(name));
  }

  text(name: string): string {
    return readFileSync(this.path(name), "utf8");
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs the real `openssl` with `args` in `w`'s folder; fails the test when it fails. Returns its output. */
export function openssl(w: Workdir, args: readonly string[]): string {
  const r = spawnSync("openssl", args, { cwd: w.dir, encoding: "utf8" });
  assert.equal(r.status, 0, `openssl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout + r.stderr;
}

/** Like `openssl`, but returns the exit status and output without judging them. */
export function opensslTry(w: Workdir, args: readonly string[]): { status: number | null; output: string } {
  const r = spawnSync("openssl", args, { cwd: w.dir, encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** A CA made by openssl: `ca.pem` and `ca.key` in `w`. */
export function makeCa(w: Workdir, name = "ca"): void {
  openssl(w, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-subj",
    `/CN=Test ${name}`,
    "-days",
    "60",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

/**
 * A key pair and a certificate signed by the CA `ca` in `w`, valid `days` (negative: already expired); `san`: its
 * subjectAltName (`IP:127.0.1.1,DNS:host`).
 */
export function makeLeaf(
  w: Workdir,
  name: string,
  opts: { ca?: string; days?: number; cn?: string; san?: string } = {},
): void {
  openssl(w, [
    "req",
    "-new",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${opts.cn ?? name}`,
    ...(opts.san === undefined ? [] : ["-addext", `subjectAltName=${opts.san}`]),
  ]);
  signCsr(w, `${name}.csr`, `${name}.pem`, opts);
}

/** The CA `ca` in `w` signs a signing request (the CA's side of §4.1.10.4.3). */
export function signCsr(w: Workdir, csr: string, out: string, opts: { ca?: string; days?: number } = {}): void {
  const ca = opts.ca ?? "ca";
  openssl(w, [
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    `${ca}.pem`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-copy_extensions",
    "copy",
    "-days",
    String(opts.days ?? 45),
    "-out",
    out,
  ]);
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A damaged copy of `b`: bits flipped, bytes cut, inserted, repeated or replaced by runs of one byte. */
export function mutate(rng: Rng, b: Uint8Array): Uint8Array {
  const out = [...b];
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const at = rng.int(out.length + 1);
    switch (rng.int(6)) {
      case 0:
        if (out.length > 0) out[at % out.length]! ^= 1 << rng.int(8);
        break;
      case 1:
        out.splice(at, rng.int(64));
        break;
      case 2:
        out.splice(at, 0, ...Array.from({ length: 1 + rng.int(16) }, () => rng.int(256)));
        break;
      case 3:
        out.splice(at, 0, ...out.slice(at, at + rng.int(200)));
        break;
      case 4:
        out.length = Math.min(out.length, at);
        break;
      default:
        out.fill(rng.int(256), at, at + rng.int(32));
    }
  }
  return Uint8Array.from(out);
}
