/**
 * node dist/bench/adminLogin.js
 * Administrator logins per second on this machine (issue 16; docs/performance.md "Administrator logins"): the cost of
 * the password hash (scrypt N = 2^14, r = 8, p = 1, passwordHash.ts), a login that checks the hash (the login form,
 * the first Basic request), and a Basic request whose password was verified before (the in-memory cache). Alternating
 * rounds, medians kept. Kerberos password and SPNEGO logins need a KDC: bench/kerberosLogin.
 */
import { Administration } from "../src/auth/Administration.js";
import { DEFAULT_ADMIN_SETTINGS } from "../src/auth/adminSettings.js";
import { hashPassword } from "../src/auth/passwordHash.js";
import { MemoryStore } from "../src/core/Store.js";
import { machine } from "./lib/machine.js";

const ROUNDS = 5;
const store = new MemoryStore();
const clock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => undefined };
const start = () =>
  Administration.start({ store, clock, emit: () => undefined, settings: DEFAULT_ADMIN_SETTINGS, announce: false });
await (await start()).changeAccount({ user: "boss", oldPassword: "changeme", password: "N3w!pass" });
const attempt = { user: "boss", password: "N3w!pass", service: "http", source: "bench" } as const;

/** Logins per second over `ms` milliseconds of `once`. */
async function rate(once: () => Promise<void>, ms: number): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    await once();
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

const cached = await start();
await cached.login(attempt);
const runs = { hashMs: [] as number[], checkedPerS: [] as number[], cachedPerS: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) hashPassword("N3w!pass");
  runs.hashMs.push((performance.now() - t0) / 10);
  // A new Administration has no verified password yet: every login checks the scrypt hash.
  runs.checkedPerS.push(
    await rate(async () => {
      const r = await (await start()).login(attempt);
      if (!r.ok) throw new Error("login refused");
    }, 1000),
  );
  runs.cachedPerS.push(
    await rate(async () => {
      if (!(await cached.login(attempt)).ok) throw new Error("login refused");
    }, 1000),
  );
}
const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]! * 10) / 10;
console.log(
  JSON.stringify(
    {
      benchmark: "adminLogin",
      machine: machine(),
      scrypt: { N: 16384, r: 8, p: 1, ms: median(runs.hashMs) },
      loginsPerSecond: { checked: median(runs.checkedPerS), basicCached: median(runs.cachedPerS) },
      rounds: runs,
    },
    null,
    2,
  ),
);
