import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IoError } from "../../src/core/errors.js";
import { factoryFirmware } from "../../src/device/updateService.js";
import { UpdateCode } from "../../src/update/errors.js";
import { FirmwareBanks } from "../../src/update/FirmwareBanks.js";
import { buildImage } from "../../src/update/image.js";
import type { UpdateSettings } from "../../src/update/settings.js";
import { updateMachine } from "../../src/update/update.machine.js";
import { UpdateClient } from "../../src/update/UpdateClient.js";
import type { RfpUpdateLine } from "../../src/update/UpdateHost.js";
import { parseCommandFile } from "../../src/update/commandFile.js";
import { StateError } from "../../src/core/errors.js";
import { RadioCode } from "../../src/radio/errors.js";
import type { UpdateUrl } from "../../src/update/updateUrl.js";
import { keepUpdateVars, NEW_DEVICE_VARS } from "../../src/update/UpdateVars.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import { runTo, start } from "../helpers/roleCharts.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const SETTINGS: UpdateSettings = { url: "http://10.0.0.8/up/", pollMinutes: 15, noDhcp: false };
const text = (s: string) => new TextEncoder().encode(s);

/**
 * The update client (App. A.1.3–A.1.6) on a fake device at our own interfaces (its RoleIo, an UpdateFetcher serving
 * files from a map) in virtual time; the chart decides when, the client what. Real servers: test/update/*realnode*.
 */
async function device(
  o: {
    settings?: UpdateSettings;
    downloaded?: boolean;
    timeSet?: boolean;
    rfpUpdate?: (lines: readonly RfpUpdateLine[], source: string) => Promise<void>;
  } = {},
) {
  const f = fakeRoleIo({ kind: "IPBS" });
  if (o.downloaded === true) await keepUpdateVars(f.io.store, { ...NEW_DEVICE_VARS, downloaded: true });
  const files = new Map<string, Uint8Array>();
  const gets: { ms: number; path: string }[] = [];
  const puts: { path: string; body: string }[] = [];
  const fetcher = {
    get: async (url: UpdateUrl) => {
      gets.push({ ms: f.clock.now(), path: url.path });
      const file = files.get(url.path);
      if (file === undefined) throw new IoError(UpdateCode.UpFetch, `${url.text}: HTTP 404 Not Found`);
      return file;
    },
    put: async (url: UpdateUrl, body: Uint8Array) =>
      void puts.push({ path: url.path, body: new TextDecoder().decode(body) }),
  };
  const banks = new FirmwareBanks(f.io.store, factoryFirmware("IPBS"));
  await banks.boot();
  const applied: string[] = [];
  const resets: string[] = [];
  const host = {
    io: f.io,
    fetcher,
    banks,
    timeSet: () => o.timeSet ?? true,
    configText: () => "config change DEV0 /name dut /kind IPBS /mac 00:90:33:00:01:01\n",
    applyConfig: async (t: string) => void applied.push(t),
    resetRequired: () => applied.length > 0,
    reset: (mode: "idle" | "immediate") => void resets.push(mode),
    settings: () => o.settings ?? SETTINGS,
    ...(o.rfpUpdate === undefined ? {} : { rfpUpdate: o.rfpUpdate }),
  };
  const client = await UpdateClient.start(host);
  const actor = start(updateMachine, { core: client }, f.clock);
  // Minutes after boot less the device's phase (UpdateClient.phaseMs): the manual's times.
  const polls = () => gets.filter((g) => g.path === "/up/update-IPBS2.htm").map((g) => (g.ms - client.phaseMs) / MIN);
  const updates = () => f.events.filter((e) => e.kind === "update");
  /** Runs the clock to `t` after boot plus the device's phase (its first poll's offset, UpdateClient.phaseMs). */
  const runToAt = (t: number) => runTo(f.clock, t + client.phaseMs);
  return { ...f, client, actor, files, gets, puts, banks, applied, resets, polls, updates, runTo: runToAt };
}

describe("UP1 polling times (App. A.1.3)", () => {
  test('"retrieved initially after the configured poll interval is expired after boot", then every interval', async () => {
    const d = await device({ downloaded: true });
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 check ser s1\n"));
    await d.runTo(2 * HOUR);
    assert.deepEqual(d.polls(), [15, 30, 45, 60, 75, 90, 105, 120]);
  });

  test('a fresh device: "the command file is retrieved every minute (for up to 30 minutes)", then every interval', async () => {
    // No command file yet: the device stays fresh (it never had a successful download).
    const d = await device();
    await d.runTo(2 * HOUR);
    const each = Array.from({ length: 30 }, (_, i) => i + 1);
    assert.deepEqual(d.polls(), [...each, 45, 60, 75, 90, 105, 120]);
    assert.equal(d.client.vars.downloaded, false);
    assert.ok(
      d.alarms.system().some((a) => a.code === "0x00210001"),
      "0x00210001 Read update script is raised",
    );
  });

  test("a fresh device that downloads its command file is fresh no more: every interval from then on", async () => {
    const d = await device();
    await d.runTo(3 * MIN - 1);
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 check ser s1\n"));
    await d.runTo(70 * MIN);
    assert.deepEqual(d.polls(), [1, 2, 3, 18, 33, 48, 63]);
    assert.equal(d.client.vars.downloaded, true);
    assert.ok(!d.alarms.system().some((a) => a.code === "0x00210001"), "cleared by the download");
  });

  test("the interval of the settings (UP1 /poll) is obeyed", async () => {
    const d = await device({ downloaded: true, settings: { ...SETTINGS, pollMinutes: 40 } });
    await d.runTo(2 * HOUR);
    assert.deepEqual(d.polls(), [40, 80, 120]);
  });
});

describe("UP1 check and times (App. A.1.3)", () => {
  test('check: "If it is equal, any further processing of the command file is cancelled", else the final runs', async () => {
    const d = await device({ downloaded: true });
    d.files.set(
      "/up/update-IPBS2.htm",
      text(
        "mod cmd UP1 check ireset serial002\nconfig add NTP0 /addr 192.168.42.136\nconfig change UP1 /url http://10.0.0.8/up/ /poll 30\n",
      ),
    );
    await d.runTo(15 * MIN);
    assert.equal(d.client.vars.check, "serial002", "UPDATE/CHECK is set after the last command");
    assert.equal(d.applied.length, 1, "the configuration lines are stored together");
    assert.match(d.applied[0]!, /config change UP1 \/url http:\/\/10.0.0.8\/up\/ \/poll 30/);
    assert.deepEqual(d.resets, ["idle"], "ireset: reset as soon as the device is idle");
    await d.runTo(30 * MIN);
    assert.equal(d.applied.length, 1, "the same serial again: cancelled");
    assert.deepEqual(d.resets, ["idle"]);
  });

  test('times /allow: "if the device has no time set, all command executions will be cancelled"', async () => {
    const d = await device({ downloaded: true, timeSet: false });
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 times /allow 0,1,2\nmod cmd UP1 check reset s1\n"));
    await d.runTo(15 * MIN);
    assert.equal(d.client.vars.check, undefined);
    assert.equal(d.updates().at(-1)?.["reason"], "the device has no time set");
  });

  test("times /allow 12,23,0,1,2,3,4: only in those hours (local time; the device models UTC)", async () => {
    const d = await device({ downloaded: true });
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 times /allow 12,23,0,1,2,3,4\nmod cmd UP1 check ser s1\n"));
    await d.runTo(15 * MIN);
    assert.equal(d.client.vars.check, "s1", "00:15 is in hour 0: allowed");
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 times /allow 12,23,0,1,2,3,4\nmod cmd UP1 check ser s2\n"));
    await d.runTo(5 * HOUR - 1);
    assert.equal(d.client.vars.check, "s2", "00:30 is allowed too");
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 times /allow 12,23,0,1,2,3,4\nmod cmd UP1 check ser s3\n"));
    await d.runTo(11 * HOUR + 59 * MIN);
    assert.equal(d.client.vars.check, "s2", "05:00 to 11:45: not allowed");
    assert.ok(d.updates().some((e) => e["result"] === "cancelled" && /hour 5 is not in/.test(String(e["reason"]))));
    await d.runTo(12 * HOUR + 1);
    assert.equal(d.client.vars.check, "s3", "12:00: allowed again");
  });

  test('times /initial 6: "no commands will be executed within the first 6 minutes after each boot"', async () => {
    const d = await device({ settings: { ...SETTINGS, pollMinutes: 15 } });
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 times /initial 6\nmod cmd UP1 check ser s1\n"));
    await d.runTo(5 * MIN);
    assert.equal(d.client.vars.check, undefined, "minutes 1–5 are within /initial");
    await d.runTo(6 * MIN);
    assert.equal(d.client.vars.check, "s1");
  });

  test("times /allow with /initial: a fresh device is not held back by /allow (App. A.1.3)", async () => {
    // Hour 0 is not allowed; the device is fresh and /initial is set, so the file runs after the initial minutes.
    const d = await device({ timeSet: false });
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP1 times /allow 12 /initial 2\nmod cmd UP1 check ser s1\n"));
    await d.runTo(3 * MIN);
    assert.equal(d.client.vars.check, "s1");
  });
});

describe("UP0 prot (App. A.1.4)", () => {
  const image = (version: string) =>
    buildImage({ product: "IPBS2", version, serial: version }, text(`firmware ${version}`));

  test("prot downloads ipbs2.bin into the other bank, sets UPDATE/PROT and resets when idle; again: nothing", async () => {
    const d = await device({ downloaded: true });
    d.files.set("/firm/ipbs2.bin", image("5.0.0"));
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP0 prot http://10.0.0.8/firm/ ireset 5.0.0\n"));
    await d.runTo(15 * MIN);
    assert.equal(d.client.vars.prot, "5.0.0");
    assert.deepEqual(d.resets, ["idle"]);
    const banks = await d.banks.banks();
    assert.equal(banks.other?.version, "5.0.0");
    await d.runTo(30 * MIN);
    assert.equal(d.gets.filter((g) => g.path === "/firm/ipbs2.bin").length, 1, "5.0.0 is installed: not loaded again");
  });

  test("with no UPDATE/PROT yet, the serial is compared with the running build: the same one downloads nothing", async () => {
    const d = await device({ downloaded: true });
    const running = (await d.banks.banks()).running.serial;
    d.files.set("/up/update-IPBS2.htm", text(`mod cmd UP0 prot http://10.0.0.8/firm/ ireset ${running}\n`));
    await d.runTo(15 * MIN);
    assert.equal(d.gets.filter((g) => g.path === "/firm/ipbs2.bin").length, 0);
    assert.deepEqual(d.resets, []);
  });

  test("a corrupt image: 0x00210003, the rest of the file is not run, and the banks are untouched", async () => {
    const d = await device({ downloaded: true });
    const bad = image("5.0.0");
    bad[bad.length - 1]! ^= 0xff;
    d.files.set("/firm/ipbs2.bin", bad);
    d.files.set(
      "/up/update-IPBS2.htm",
      text("mod cmd UP0 prot http://10.0.0.8/firm/ ireset 5.0.0\nmod cmd UP1 check ser s1\n"),
    );
    const before = await d.banks.banks();
    await d.runTo(15 * MIN);
    assert.ok(d.alarms.system().some((a) => a.code === "0x00210003"));
    assert.deepEqual(await d.banks.banks(), before);
    assert.equal(d.client.vars.prot, undefined);
    assert.deepEqual(d.resets, []);
    assert.match(String(d.updates().find((e) => e["action"] === "prot")?.["reason"]), /IMAGE_CHECKSUM/);
  });

  test("an image for another product (ipbl.bin served as ipbs2.bin) is refused: IMAGE_PRODUCT", async () => {
    const d = await device({ downloaded: true });
    d.files.set("/firm/ipbs2.bin", buildImage({ product: "IPBL", version: "5.0.0", serial: "5.0.0" }, text("x")));
    d.files.set("/up/update-IPBS2.htm", text("mod cmd UP0 prot http://10.0.0.8/firm/ ireset 5.0.0\n"));
    await d.runTo(15 * MIN);
    assert.match(String(d.updates().find((e) => e["action"] === "prot")?.["reason"]), /IMAGE_PRODUCT/);
    assert.equal((await d.banks.banks()).other, undefined);
  });

  test("a command file that does not parse is refused whole: nothing of it runs, 0x00210001", async () => {
    const d = await device({ downloaded: true });
    d.files.set("/up/update-IPBS2.htm", text("config add NTP0 /addr 192.168.42.136\nmod cmd UP1 check ireset\n"));
    await d.runTo(15 * MIN);
    assert.deepEqual(d.applied, []);
    assert.ok(d.alarms.system().some((a) => a.code === "0x00210001"));
  });
});

describe("UP0 scfg (App. A.1.4, A.1.5)", () => {
  test("scfg … no-op WEEKLY /force 168: saved once a week with a backlog of 5, by HTTP PUT", async () => {
    const d = await device({ downloaded: true, settings: { ...SETTINGS, pollMinutes: 24 * 60 } });
    d.files.set(
      "/up/update-IPBS2.htm",
      text("mod cmd UP0 scfg http://10.0.0.8/configs/saved/#h#b5.txt no-op WEEKLY /force 168\n"),
    );
    await d.runTo(8 * 7 * 24 * HOUR);
    // Polls daily; a save on the first poll, then each time the last one is a week old.
    assert.equal(d.puts.length, 8);
    assert.deepEqual(
      d.puts.map((p) => p.path),
      [0, 1, 2, 3, 4, 0, 1, 2].map((b) => `/configs/saved/ipbs2-00-01-01${b}.txt`),
    );
    assert.match(d.puts[0]!.body, /config change DEV0/);
  });
});

describe("RFP_UPDATE0 (App. A.1.7) in a command file", () => {
  const FILE = [
    "mod cmd UP1 check ser rfp-1",
    "mod cmd RFP_UPDATE0 firmware http://10.0.0.8/rfp/Worf123.S2",
    "mod cmd RFP_UPDATE0 select 0x0003",
    "config change NTP0 /addr 10.0.0.9",
    "mod cmd RFP_UPDATE0 start /idle",
  ].join("\n");

  test("its lines go to the IPBL together, after the configuration lines; the check serial is kept", async () => {
    const calls: { lines: string; configsBefore: number }[] = [];
    // The device's applied configuration texts, read when the IPBL gets the lines.
    let applied: readonly string[] = [];
    const d = await device({
      downloaded: true,
      rfpUpdate: async (lines) =>
        void calls.push({ lines: lines.map((l) => `${l.line}:${l.cmd}`).join(" "), configsBefore: applied.length }),
    });
    applied = d.applied;
    await d.client.runGiven(parseCommandFile(FILE, "t"));
    assert.deepEqual(calls, [{ lines: "2:firmware 3:select 5:start", configsBefore: 1 }]);
    assert.equal(d.client.vars.check, "rfp-1");
    const done = d.updates().find((e) => e["action"] === "rfp");
    assert.deepEqual([done?.["result"], done?.["line"]], ["done", 5]);
  });

  test("refused by the IPBL: the rest stops as after a failed prot, and check is not kept (the next poll tries again)", async () => {
    const d = await device({
      downloaded: true,
      rfpUpdate: async () => {
        throw new StateError(RadioCode.RfpUpdateBusy, "an RFP update is under way (Worf122)");
      },
    });
    await d.client.runGiven(parseCommandFile(FILE, "t"));
    assert.equal(d.client.vars.check, undefined);
    const failed = d.updates().find((e) => e["action"] === "rfp");
    assert.equal(failed?.["result"], "failed");
    assert.match(String(failed?.["reason"]), /^RFP_UPDATE_BUSY: an RFP update is under way/);
  });

  test("a device without RFP ports skips them, saying so", async () => {
    const d = await device({ downloaded: true });
    await d.client.runGiven(parseCommandFile(FILE, "t"));
    const skipped = d.updates().find((e) => e["action"] === "rfp");
    assert.deepEqual(
      [skipped?.["result"], skipped?.["reason"]],
      ["skipped", "RFP_UPDATE0 applies to the IPBL only (A.1.7)"],
    );
    assert.equal(d.client.vars.check, "rfp-1");
  });
});
