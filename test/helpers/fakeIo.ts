import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore } from "../../src/core/Store.js";
import { silentLogger } from "../../src/core/Logger.js";
import { Mac } from "../../src/core/identity/Mac.js";
import type { Air } from "../../src/role/Air.js";
import { Alarms } from "../../src/role/Alarms.js";
import type { RoleIo } from "../../src/role/RoleIo.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

export interface FakeIo {
  readonly io: RoleIo;
  readonly clock: VirtualClock;
  readonly alarms: Alarms;
  /** Everything emitted: events and alarm changes, in order. */
  readonly events: { kind: string; [field: string]: unknown }[];
}

/** A role's RoleIo faked at our own interface: real alarms and clock, no network. */
export function fakeRoleIo(opts: { kind: "IPBS" | "IPBL" | "IPVM"; air?: Air; mac?: string }): FakeIo {
  const clock = new VirtualClock();
  const events: FakeIo["events"] = [];
  const alarms = new Alarms(
    (k, f) => events.push({ kind: k, ...f }),
    () => clock.now(),
  );
  const io: RoleIo = {
    clock,
    device: "dut",
    ip: "127.0.1.1",
    mac: Mac.parse(opts.mac ?? "00:90:33:00:01:01"),
    kind: opts.kind,
    alarms,
    store: new MemoryStore(),
    log: silentLogger,
    rng: new SeededRng(1),
    ...(opts.air === undefined ? {} : { air: opts.air }),
    requestReset: () => undefined,
    send: () => undefined,
    disconnect: () => undefined,
    emit: (kind, fields) => events.push({ kind, ...fields }),
  };
  return { io, clock, alarms, events };
}
