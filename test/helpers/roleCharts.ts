import { createActor, type AnyActorLogic, type AnyMachineSnapshot } from "xstate";
import type { DectSystem } from "../../src/role/system.js";
import type { MasterSettings } from "../../src/master/settings.js";
import type { RadioSettings } from "../../src/radio/settings.js";
import { KnownRadios } from "../../src/master/KnownRadios.js";
import { MasterCore } from "../../src/master/MasterCore.js";
import { MirrorState } from "../../src/master/MirrorState.js";
import type { MasterEvent, Probe, ProbeReply, RadioHello } from "../../src/master/events.js";
import { PORTS } from "../../src/wire/ports.js";
import type { Outgoing, RoleIo } from "../../src/role/RoleIo.js";
import { stateName } from "../../src/device/status.js";
import type { VirtualClock } from "../../sim/VirtualClock.js";
import type { Endpoint } from "../../src/wire/Transport.js";
import { fakeRoleIo, type FakeIo } from "./fakeIo.js";

/** The DECT system name/password every device of these tests has (§4.6.1). */
export const SYSTEM: DectSystem = { name: "ipdect", password: "ip-dect" };

/** A fake RoleIo that also records what the role sends and the resets it asks for. */
export interface RecordingIo extends FakeIo {
  readonly sent: { to: Endpoint; msg: Outgoing }[];
  readonly resets: string[];
  /** The bodies sent so far of one message kind, e.g. `bodies("radioStatus")`. */
  bodies<K extends Outgoing["body"]>(
    body: K,
  ): Extract<Outgoing, { body: K }>[K & keyof Extract<Outgoing, { body: K }>][];
}

export function recordingIo(opts: Parameters<typeof fakeRoleIo>[0] & { ip?: string }): RecordingIo {
  const f = fakeRoleIo(opts);
  const sent: RecordingIo["sent"] = [];
  const resets: string[] = [];
  const io: RoleIo = {
    ...f.io,
    ip: opts.ip ?? f.io.ip,
    send: (to, _channel, msg) => sent.push({ to, msg }),
    requestReset: (reason) => resets.push(reason),
  };
  const bodies = <K extends Outgoing["body"]>(body: K) =>
    sent.filter((s) => s.msg.body === body).map((s) => (s.msg as Record<string, unknown>)[body]) as ReturnType<
      RecordingIo["bodies"]
    >;
  return { ...f, io, sent, resets, bodies: bodies as RecordingIo["bodies"] };
}

/** Fires timers up to virtual time `t`, letting promise chains (store writes) finish after each one. */
export const runTo = (clock: VirtualClock, t: number) => clock.runUntil(t, (next) => void setImmediate(next));

/** A running actor of `logic` on the fake io's clock, as the Device starts one. */
export function start<L extends AnyActorLogic>(logic: L, input: unknown, clock: VirtualClock) {
  return createActor(logic, { input, clock } as Parameters<typeof createActor<L>>[1]).start();
}

/** The state as the status shows it ("mode.state"). */
export const stateOf = (actor: { getSnapshot(): AnyMachineSnapshot }) => stateName(actor.getSnapshot().value);

/** A Master core as the Device creates it, on a recording io; `known`: the Mirror's known radios (the quorum). */
export async function masterCore(
  settings: Partial<MasterSettings> & Pick<MasterSettings, "mode">,
  opts: { ip?: string; known?: readonly string[]; activeTerm?: number } = {},
) {
  const rec = recordingIo({ kind: "IPVM", ...(opts.ip === undefined ? {} : { ip: opts.ip }) });
  const mirror = await MirrorState.load(rec.io.store);
  if (opts.known !== undefined) mirror.known = new KnownRadios([{ term: 1, version: 1, macs: new Set(opts.known) }]);
  if (opts.activeTerm !== undefined) mirror.term = mirror.activeTerm = opts.activeTerm;
  const cfg: MasterSettings = { id: 1, probeIntervalMs: 500, masterLostMs: 3000, radioLostMs: 1500, ...settings };
  return { ...rec, core: new MasterCore(cfg, rec.io, mirror, SYSTEM) };
}

/** A radio's settings with the documented defaults (docs/user-guide.md "Failover timing"). */
export const radioSettings = (s: Partial<RadioSettings> = {}): RadioSettings => ({
  enabled: true,
  master: "127.0.1.1",
  alternateMaster: "127.0.1.2",
  region: 0,
  heartbeatMs: 500,
  masterLostMs: 2000,
  syncMode: "slave",
  resync: "manual",
  resyncAt: "03:00",
  ...s,
});

/** A probe answer from `ip` (App. H UDP 1718): an active Master with Master Id 1 unless `fields` say otherwise. */
export const peerReply = (ip: string, fields: Partial<ProbeReply> = {}): MasterEvent => ({
  type: "peer.reply",
  from: { ip, port: PORTS.RAS },
  reply: {
    seq: 0,
    active: true,
    term: 0,
    joining: false,
    promiseMs: 0,
    knownTermAck: 0,
    knownVersionAck: 0,
    masterId: 1,
    activeTerm: 0,
    dataCrc: 0,
    ...fields,
  },
});

/** A probe from `ip`: an inactive peer with Master Id 1 unless `fields` say otherwise. */
export const peerProbe = (ip: string, fields: Partial<Probe> = {}): MasterEvent => ({
  type: "peer.probe",
  from: { ip, port: PORTS.RAS },
  probe: { seq: 1, active: false, term: 0, masterId: 1, knownTerm: 0, knownVersion: 0, activeTerm: 0, ...fields },
});

/** A radio's registration or heartbeat (the link guard has checked its seal before it reaches a role). */
export const radioHello = (mac: string, attempt = 1): RadioHello => ({
  mac,
  name: `radio-${mac.slice(-2)}`,
  kind: "1",
  attempt,
  from: { ip: `127.0.4.${Number.parseInt(mac.slice(-2), 16)}`, port: 40000 },
});
