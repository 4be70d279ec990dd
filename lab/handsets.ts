import { randomBytes } from "node:crypto";
import { IpdectError } from "../src/core/errors.js";
import { systemClock } from "../src/platform/node/SystemClock.js";
import { SocketTransport } from "../src/platform/node/SocketTransport.js";
import { Handset } from "../src/handset/Handset.js";
import { HANDSET_SESSION_DIGITS } from "../src/users/handsets/events.js";
import type { FleetFile } from "../sim/FleetFile.js";
import { handsetIdentities, MAINTAIN_MS, RESUBSCRIBE_MS, SUBSCRIBE_TRIES } from "../sim/handsetUsers.js";
import { LabCode } from "./errors.js";
import type { LabDevice, LabState } from "./LabState.js";
import { basicAuth, type Login } from "./status.js";

/**
 * The fleet file's lab handsets against a live lab (`ipdect lab handsets`, started by `up`): the same Handset code as
 * the sim's and `ipdect handset`, over real UDP to the radios (§3.14, §3.15). Their users are on the Master already
 * (`ipdect node --fleet` creates them, sim/handsetUsers.ts). Each handset binds its own loopback address, keys in the
 * system AC it asks of the Master's API (§4.6.3), subscribes at its group's time and keeps its location current.
 * There is no air between handsets and radios in a live lab: a handset uses the radios of the file in turn, by IPEI.
 */
export interface LabHandsets {
  readonly handsets: readonly Handset[];
  close(): Promise<void>;
}

/**
 * Handset n (from 0) binds 127.255.x.y: a block no device of a lab (nor a test, test/helpers/loopback.ts) takes, with
 * room for 65 279 handsets (.255.255 is the loopback net's broadcast, never used).
 */
const handsetIp = (n: number): string => `127.255.${(n + 1) >> 8}.${(n + 1) & 255}`;

export async function startLabHandsets(state: LabState, file: FleetFile, login: Login): Promise<LabHandsets> {
  const section = file.handsets;
  if (section === undefined) throw new IpdectError(LabCode.Handsets, `fleet ${file.name} has no handsets`);
  if (section.groups.some((g) => g.ac === "user"))
    throw new IpdectError(
      LabCode.Handsets,
      "handsets: a live lab keys in the system AC only; a group with ac: user runs in ipdect sim",
    );
  const radios = state.devices.filter((d) => d.role === "radio");
  const masters = state.devices.filter((d) => d.role !== "radio" && d.role !== "device");
  const all: Handset[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => (timers.delete(t), f()), ms);
    timers.add(t);
  };
  for (const [n, { ipei, group }] of handsetIdentities(section).entries()) {
    const g = section.groups[group]!;
    let turn = 0;
    const psn = Number.parseInt(ipei.slice(5, 12), 10);
    const radio = () => {
      const r = radios[(psn + turn) % radios.length]!;
      return { ip: r.ip, name: r.name };
    };
    const h = new Handset(
      ipei,
      randomBytes(HANDSET_SESSION_DIGITS / 2).toString("hex"),
      systemClock,
      new SocketTransport(handsetIp(n)),
      radio,
      g.locateInterval,
    );
    await h.open();
    all.push(h);
    const subscribe = async (attempt: number) => {
      const ac = await systemAc(masters, login);
      const a = ac === undefined ? undefined : await h.subscribe(ac).catch(() => undefined);
      if (a?.accepted === true || attempt >= SUBSCRIBE_TRIES) return;
      turn++;
      later(RESUBSCRIBE_MS, () => void subscribe(attempt + 1));
    };
    later(g.subscribeAt + Math.random() * g.spread, () => void subscribe(1));
  }
  const maintain = setInterval(() => all.forEach((h) => h.maintain()), MAINTAIN_MS);
  return {
    handsets: all,
    async close() {
      clearInterval(maintain);
      timers.forEach(clearTimeout);
      for (const h of all) await h.close();
    },
  };
}

/** The system AC (§4.6.3) as the serving Master's API tells it (GET /api/dect/system); undefined while none answers. */
async function systemAc(masters: readonly LabDevice[], login: Login): Promise<string | undefined> {
  for (const m of masters) {
    try {
      const res = await fetch(`http://${m.ip}:${m.httpPort}/api/dect/system`, {
        headers: { authorization: basicAuth(login) },
        signal: AbortSignal.timeout(3_000),
      });
      if (res.status === 200) return ((await res.json()) as { systemAc: string }).systemAc;
    } catch {
      // Not answering (stopped, cut off): ask the next.
    }
  }
  return undefined;
}
