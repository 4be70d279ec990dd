import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IoError, IpdectError } from "../../src/core/errors.js";
import { RadioCode } from "../../src/radio/errors.js";
import { rfpUpdateMachine } from "../../src/radio/rfpUpdate.machine.js";
import { RFP_IDLE_RECHECK_MS, RFP_RESTART_MS } from "../../src/radio/rfpPort.machine.js";
import { RFP_FACTORY_VERSION, type RfpPorts } from "../../src/radio/IpblPorts.js";
import { RFP_ALARM_SOURCE, RfpUpdateCore, type RfpUpdateCommand } from "../../src/radio/RfpUpdateCore.js";
import { UpdateCode } from "../../src/update/errors.js";
import { parseUpdateUrl, type UpdateUrl } from "../../src/update/updateUrl.js";
import type { Store } from "../../src/core/Store.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import { runTo, start, stateOf } from "../helpers/roleCharts.js";

const URL = "http://10.0.0.8/rfp/Worf123.S2";
/** 256 KiB: 1 s over the IPBL–RFP link, plus 1 s set-up (RfpUpdateCore.loadMs). */
const FILE = new Uint8Array(256 * 1024).fill(7);
const LOAD_MS = 2000;

const line = 1;
const firmware = (url = URL): RfpUpdateCommand => ({
  line,
  module: "RFP_UPDATE0",
  cmd: "firmware",
  url: parseUpdateUrl(url, "test"),
});
const select = (...ports: number[]): RfpUpdateCommand => ({ line, module: "RFP_UPDATE0", cmd: "select", ports });
const begin = (o: { idle?: boolean; sequence?: boolean } = {}): RfpUpdateCommand => ({
  line,
  module: "RFP_UPDATE0",
  cmd: "start",
  idle: o.idle ?? false,
  sequence: o.sequence ?? false,
});

/** An IPBL's RFP ports at RfpUpdateCore's interface: which are connected, which carry a call, what the air sees. */
class Ports implements RfpPorts {
  readonly versions = new Map<number, string>();
  readonly busyPorts = new Set<number>();
  readonly air: string[] = [];
  constructor(
    readonly connected: number,
    readonly now: () => number,
  ) {}
  busy(port: number): boolean {
    return this.busyPorts.has(port);
  }
  setVersion(port: number, version: string): void {
    this.versions.set(port, version);
  }
  rfpRestarting(port: number): void {
    this.air.push(`${this.now()} ${port} off`);
  }
  rfpUp(port: number): void {
    this.air.push(`${this.now()} ${port} on`);
  }
}

/** An IPBL in virtual time: its RFP update core and chart, a fetcher serving `files` by path. */
async function ipbl(o: { connected?: number; store?: Store; clockAt?: number } = {}) {
  const f = fakeRoleIo({ kind: "IPBL" });
  if (o.store !== undefined) Object.assign(f.io, { store: o.store });
  if (o.clockAt !== undefined) await runTo(f.clock, o.clockAt);
  const ports = new Ports(o.connected ?? 4, () => f.clock.now());
  const files = new Map<string, Uint8Array>([["/rfp/Worf123.S2", FILE]]);
  const gets: string[] = [];
  const fetcher = {
    get: async (url: UpdateUrl) => {
      gets.push(url.path);
      const file = files.get(url.path);
      if (file === undefined) throw new IoError(UpdateCode.UpFetch, `${url.text}: HTTP 404 Not Found`);
      return file;
    },
    put: async () => undefined,
  };
  const core = await RfpUpdateCore.start({ io: f.io, ports, fetcher });
  const actor = start(rfpUpdateMachine, { core }, f.clock);
  const apply = async (commands: RfpUpdateCommand[]) => {
    if ((await core.apply(commands, "test")) !== undefined) actor.send({ type: "start" });
  };
  const progress = () => core.state.order?.ports.map((p) => `${p.port} ${p.state}${p.version ? ` ${p.version}` : ""}`);
  const steps = () =>
    f.events
      .filter((e) => e.kind === "rfp-update" && e["port"] !== undefined)
      .map((e) => `${String(e["port"])} ${String(e["state"])}`);
  return { ...f, ports, files, gets, core, actor, apply, progress, steps, run: (t: number) => runTo(f.clock, t) };
}

describe("RFP_UPDATE0 (App. A.1.7): the update's chart in virtual time", () => {
  test("all selected RFPs at once: loaded, restarted off air for RFP_RESTART_MS, done with the file's version", async () => {
    const d = await ipbl();
    await d.apply([firmware(), select(1, 2, 3), begin()]);
    assert.equal(stateOf(d.actor), "running");
    assert.deepEqual(d.gets, ["/rfp/Worf123.S2"], "fetched once");
    await d.run(LOAD_MS - 1);
    assert.deepEqual(d.progress(), ["1 loading", "2 loading", "3 loading"]);
    await d.run(LOAD_MS + RFP_RESTART_MS - 1);
    assert.deepEqual(d.progress(), ["1 restarting", "2 restarting", "3 restarting"]);
    await d.run(LOAD_MS + RFP_RESTART_MS);
    assert.deepEqual(d.progress(), ["1 done Worf123", "2 done Worf123", "3 done Worf123"]);
    assert.equal(stateOf(d.actor), "idle");
    assert.deepEqual(d.ports.air, [
      `${LOAD_MS} 1 off`,
      `${LOAD_MS} 2 off`,
      `${LOAD_MS} 3 off`,
      `${LOAD_MS + RFP_RESTART_MS} 1 on`,
      `${LOAD_MS + RFP_RESTART_MS} 2 on`,
      `${LOAD_MS + RFP_RESTART_MS} 3 on`,
    ]);
    assert.equal(d.ports.versions.get(1), "Worf123");
    assert.equal(d.ports.versions.get(4), RFP_FACTORY_VERSION, "port 4 was not selected");
    const finished = d.events.find((e) => e.kind === "rfp-update" && e["state"] === "finished");
    assert.equal(finished?.["reason"], "3 done, 0 failed, 0 skipped");
  });

  test("/sequence: one RFP at a time, in port order, the next once the last is done", async () => {
    const d = await ipbl();
    await d.apply([firmware(), select(2, 3), begin({ sequence: true })]);
    const each = LOAD_MS + RFP_RESTART_MS;
    await d.run(each - 1);
    assert.deepEqual(d.progress(), ["2 restarting", "3 waiting"]);
    await d.run(each);
    assert.deepEqual(d.progress(), ["2 done Worf123", "3 loading"]);
    await d.run(2 * each);
    assert.deepEqual(d.progress(), ["2 done Worf123", "3 done Worf123"]);
    assert.deepEqual(d.ports.air, [`${LOAD_MS} 2 off`, `${each} 2 on`, `${each + LOAD_MS} 3 off`, `${2 * each} 3 on`]);
    assert.equal(stateOf(d.actor), "idle");
  });

  test("ports not connected are skipped, and so is an RFP already running the version; the rest goes on", async () => {
    const d = await ipbl({ connected: 2 });
    // 0x000b: ports 1, 2 and 4; this IPBL has RFPs on ports 1 and 2 only.
    await d.apply([firmware(), select(1, 2, 4), begin()]);
    assert.deepEqual(d.progress(), ["1 loading", "2 loading", "4 skipped"]);
    assert.match(d.core.state.order!.ports[2]!.reason!, /^not connected: this IPBL has 2 RFPs/);
    await d.run(LOAD_MS + RFP_RESTART_MS);
    assert.deepEqual(d.progress(), ["1 done Worf123", "2 done Worf123", "4 skipped"]);
    await d.apply([select(1, 2), begin()]);
    assert.deepEqual(d.progress(), ["1 skipped", "2 skipped"]);
    assert.equal(d.core.state.order!.ports[0]!.reason, "already runs Worf123");
    assert.equal(stateOf(d.actor), "idle", "nothing to do: the update ended at once");
  });

  test("schedule DD.MM.YYYY-HH:MM: nothing moves before that local time, and the schedule survives a reset", async () => {
    const d = await ipbl();
    // The virtual clock starts at 1970-01-01 00:00 UTC, the device's local time.
    const at = { year: 1970, month: 1, day: 3, hour: 10, minute: 0 };
    const atMs = Date.UTC(1970, 0, 3, 10, 0);
    await d.apply([firmware(), select(1), { line, module: "RFP_UPDATE0", cmd: "schedule", at }, begin()]);
    assert.equal(stateOf(d.actor), "scheduled");
    const scheduled = d.events.find((e) => e.kind === "rfp-update" && e["state"] === "scheduled");
    assert.equal(scheduled?.["at"], "03.01.1970-10:00");
    await d.run(atMs - 60_000);
    assert.deepEqual(d.progress(), ["1 waiting"]);
    // The IPBL resets a minute before: a new core and chart on the same flash.
    d.actor.stop();
    await d.core.flushed();
    const again = await ipbl({ store: d.io.store, clockAt: atMs - 60_000 });
    assert.equal(stateOf(again.actor), "scheduled");
    await again.run(atMs - 1);
    assert.deepEqual(again.progress(), ["1 waiting"]);
    await again.run(atMs);
    assert.deepEqual(again.progress(), ["1 loading"]);
    await again.run(atMs + LOAD_MS + RFP_RESTART_MS);
    assert.deepEqual(again.progress(), ["1 done Worf123"]);
  });

  test("without a date the update is immediate at start (A.1.7); schedule without a date clears an earlier one", async () => {
    const d = await ipbl();
    const at = { year: 2030, month: 1, day: 1, hour: 0, minute: 0 };
    await d.apply([{ line, module: "RFP_UPDATE0", cmd: "schedule", at }]);
    await d.apply([{ line, module: "RFP_UPDATE0", cmd: "schedule" }, firmware(), select(1), begin()]);
    assert.deepEqual(d.progress(), ["1 loading"]);
  });

  test("/idle: a busy RFP waits (looked at every RFP_IDLE_RECHECK_MS) while the others go on", async () => {
    const d = await ipbl();
    d.ports.busyPorts.add(1);
    await d.apply([firmware(), select(1, 2), begin({ idle: true })]);
    assert.deepEqual(d.progress(), ["1 waiting", "2 loading"]);
    assert.match(d.core.state.order!.ports[0]!.reason!, /^not idle/);
    await d.run(3 * RFP_IDLE_RECHECK_MS - 1);
    assert.deepEqual(d.progress(), ["1 waiting", "2 done Worf123"]);
    d.ports.busyPorts.delete(1);
    await d.run(3 * RFP_IDLE_RECHECK_MS);
    assert.deepEqual(d.progress(), ["1 loading", "2 done Worf123"]);
    assert.equal(d.steps().filter((s) => s === "1 waiting").length, 1, "said once, not at every look");
    // Without /idle a busy RFP is loaded at once.
    const e = await ipbl();
    e.ports.busyPorts.add(1);
    await e.apply([firmware(), select(1), begin()]);
    assert.deepEqual(e.progress(), ["1 loading"]);
  });

  test("a failed download: RFP_FIRMWARE_FETCH, alarm 0x00210003 (source RFP_UPDATE0), nothing started or kept", async () => {
    const d = await ipbl();
    d.files.clear();
    await assert.rejects(
      d.apply([firmware(), select(1, 2), begin()]),
      (e: IpdectError) => e.code === RadioCode.RfpFirmwareFetch && /HTTP 404/.test(e.message),
    );
    assert.equal(d.core.state.order, undefined);
    assert.equal(d.core.state.params.ports, undefined, "the batch's select was not kept either");
    assert.equal(stateOf(d.actor), "idle");
    assert.deepEqual(
      d.alarms.active().map((a) => [a.code, a.source]),
      [["0x00210003", RFP_ALARM_SOURCE]],
    );
    // The file comes: the alarm clears with the next download.
    d.files.set("/rfp/Worf123.S2", FILE);
    await d.apply([firmware(), select(1, 2), begin()]);
    assert.deepEqual(d.alarms.active(), []);
  });

  test("an empty file is no RFP firmware (RFP_FIRMWARE_FILE); a URL without a file name is refused at its line", async () => {
    const d = await ipbl();
    d.files.set("/rfp/Empty.S2", new Uint8Array(0));
    await assert.rejects(
      d.apply([firmware("http://10.0.0.8/rfp/Empty.S2"), select(1), begin()]),
      (e: IpdectError) => e.code === RadioCode.RfpFirmwareFile,
    );
    assert.throws(
      () => d.core.check([firmware("http://10.0.0.8/rfp/")], "test"),
      (e: IpdectError) => e.code === RadioCode.RfpFirmwareName,
    );
  });

  test("start without firmware or select, or while one is under way: a clear error and nothing applied", async () => {
    const d = await ipbl();
    assert.throws(
      () => d.core.check([select(1), begin()], "test"),
      (e: IpdectError) => e.code === RadioCode.RfpUpdateIncomplete && /without a firmware URL/.test(e.message),
    );
    await assert.rejects(d.apply([select(1), begin()]), (e: IpdectError) => e.code === RadioCode.RfpUpdateIncomplete);
    assert.deepEqual(d.core.state.params, {}, "the select before the refused start is not kept");
    assert.throws(
      () => d.core.check([firmware(), begin()], "test"),
      (e: IpdectError) => e.code === RadioCode.RfpUpdateIncomplete && /without selected RFPs/.test(e.message),
    );
    await d.apply([firmware(), select(1), begin()]);
    await assert.rejects(
      d.apply([firmware(), select(2), begin()]),
      (e: IpdectError) => e.code === RadioCode.RfpUpdateBusy && /under way \(Worf123\)/.test(e.message),
    );
    assert.deepEqual(d.core.state.params.ports, [1]);
  });

  test("an IPBL reset while RFPs load: they are loaded again from the start after it", async () => {
    const d = await ipbl();
    await d.apply([firmware(), select(1, 2), begin({ sequence: true })]);
    await d.run(LOAD_MS + 1000);
    assert.deepEqual(d.progress(), ["1 restarting", "2 waiting"]);
    d.actor.stop();
    await d.core.flushed();
    const again = await ipbl({ store: d.io.store, clockAt: LOAD_MS + 1000 });
    assert.deepEqual(again.progress(), ["1 loading", "2 waiting"]);
    assert.equal(again.core.state.order!.ports[0]!.from, RFP_FACTORY_VERSION);
    await again.run(LOAD_MS + 1000 + 2 * (LOAD_MS + RFP_RESTART_MS));
    assert.deepEqual(again.progress(), ["1 done Worf123", "2 done Worf123"]);
    // The versions are on flash: a third boot reports them.
    again.actor.stop();
    await again.core.flushed();
    const third = await ipbl({ store: d.io.store });
    assert.equal(third.ports.versions.get(2), "Worf123");
  });

  test("a second update in the same boot runs its RFPs again; an RFP whose port is gone after a reset fails", async () => {
    const d = await ipbl();
    await d.apply([firmware(), select(1, 2), begin()]);
    await d.run(LOAD_MS + RFP_RESTART_MS);
    d.files.set("/rfp/Worf124.S2", FILE);
    await d.apply([firmware("http://10.0.0.8/rfp/Worf124.S2"), begin({ sequence: true })]);
    const second = LOAD_MS + RFP_RESTART_MS;
    await d.run(second + LOAD_MS + RFP_RESTART_MS + LOAD_MS - 1);
    assert.deepEqual(d.progress(), ["1 done Worf124", "2 loading"]);
    d.actor.stop();
    await d.core.flushed();
    // The IPBL comes back with one RFP connected (radio.rfps: 1).
    const again = await ipbl({ store: d.io.store, connected: 1, clockAt: second + 2 * LOAD_MS + RFP_RESTART_MS });
    assert.deepEqual(again.progress(), ["1 done Worf124", "2 failed"]);
    assert.equal(again.core.state.order!.ports[1]!.reason, "not connected any more");
    assert.equal(stateOf(again.actor), "idle");
  });

  test("after a reset, an update whose file is gone from flash fails its RFPs that had not ended, saying so", async () => {
    const d = await ipbl();
    await d.apply([firmware(), select(1, 2), begin({ sequence: true })]);
    await d.run(LOAD_MS + RFP_RESTART_MS + 500);
    d.actor.stop();
    await d.core.flushed();
    await d.io.store.delete("radio/rfp-firmware.bin");
    const again = await ipbl({ store: d.io.store, clockAt: LOAD_MS + RFP_RESTART_MS + 500 });
    assert.deepEqual(again.progress(), ["1 done Worf123", "2 failed"]);
    assert.equal(again.core.state.order!.ports[1]!.reason, "the RFP file is gone from flash");
    assert.deepEqual(again.steps(), ["2 failed"]);
    assert.equal(stateOf(again.actor), "idle");
  });

  test("an uploaded file (§4.18.4) is the firmware of the next start; its name must be a file name", async () => {
    const d = await ipbl();
    await assert.rejects(
      d.core.upload(FILE, "../etc/passwd"),
      (e: IpdectError) => e.code === RadioCode.RfpFirmwareName,
    );
    const file = await d.core.upload(FILE, "Worf4_GAP_R4H.s2");
    assert.equal(file.version, "Worf4_GAP_R4H");
    await d.apply([select(3), begin()]);
    assert.deepEqual(d.gets, [], "nothing fetched");
    // While it runs, its file is the one in hand: another upload waits.
    await assert.rejects(
      d.core.upload(FILE, "Worf5.s2"),
      (e: IpdectError) => e.code === RadioCode.RfpUpdateBusy && /under way \(Worf4_GAP_R4H\)/.test(e.message),
    );
    await d.run(LOAD_MS + RFP_RESTART_MS);
    assert.deepEqual(d.progress(), ["3 done Worf4_GAP_R4H"]);
    assert.equal((await d.core.upload(FILE, "Worf5.s2")).version, "Worf5");
  });
});
