/**
 * Fuzzing the RFP update's readers and its all-or-nothing rule (radio/rfpFirmware.ts, radio/RfpUpdateCore.ts, the
 * Update → RFPs values of update/commandLines.ts): a file name, a `select` mask and a `schedule` date are taken with
 * their rules or refused with their code; a batch of RFP_UPDATE0 lines is carried out whole or refused with a typed
 * error, and a refused batch changes nothing the IPBL keeps.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IoError, IpdectError } from "../../src/core/errors.js";
import { RadioCode } from "../../src/radio/errors.js";
import { rfpFirmwareName } from "../../src/radio/rfpFirmware.js";
import type { RfpPorts } from "../../src/radio/IpblPorts.js";
import { RfpUpdateCore, type RfpUpdateCommand } from "../../src/radio/RfpUpdateCore.js";
import { parseCommandFile } from "../../src/update/commandFile.js";
import { rfpSchedule, rfpSelect } from "../../src/update/commandLines.js";
import { UpdateCode } from "../../src/update/errors.js";
import type { UpdateUrl } from "../../src/update/updateUrl.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";

const RUNS = 2000;
const CODES = new Set<string>([...Object.values(RadioCode), ...Object.values(UpdateCode)]);

const refusedWith = (e: unknown, codes: readonly string[]) => {
  assert.ok(e instanceof IpdectError, `not an IpdectError: ${String(e)}`);
  assert.ok(codes.includes(e.code), `${e.code}: ${e.message}`);
};

test("RFP firmware file names: taken with their stem as the version, or refused with RFP_FIRMWARE_NAME", () => {
  const name = fc.oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.stringMatching(/^[A-Za-z0-9._/-]{0,70}$/),
    fc.constantFrom("Worf123.S2", "Worf4_GAP_R4H.s2", ".S2", "a.", "..", "x".repeat(64), "x".repeat(65)),
  );
  fc.assert(
    fc.property(name, (n) => {
      try {
        const r = rfpFirmwareName(n, "fuzz");
        assert.equal(r.name, n);
        assert.ok(n.length >= 1 && n.length <= 64 && !n.includes("/"));
        assert.ok(r.version.length > 0 && n.startsWith(r.version));
        assert.ok(r.version === n || n[r.version.length] === ".");
      } catch (e) {
        refusedWith(e, [RadioCode.RfpFirmwareName]);
      }
    }),
    { numRuns: RUNS },
  );
});

test("select masks and schedule dates alone (Update → RFPs): A.1.7's rules, or UP_COMMAND_SYNTAX", () => {
  const mask = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.stringMatching(/^0[xX][0-9A-Fa-f]{0,8}$/),
    fc.constantFrom("0x", "0x10000", "zz", "0x0", "0xffff", "0x2753"),
  );
  fc.assert(
    fc.property(mask, (m) => {
      try {
        const ports = rfpSelect(m, "select");
        assert.ok(ports.length > 0 && ports.every((p, i) => p >= 1 && p <= 16 && (i === 0 || p > ports[i - 1]!)));
        assert.equal(
          ports.reduce((n, p) => n + 2 ** (p - 1), 0),
          parseInt(m.slice(2), 16),
        );
      } catch (e) {
        refusedWith(e, [UpdateCode.UpCommandSyntax]);
      }
    }),
    { numRuns: RUNS },
  );
  const two = (n: number) => String(n).padStart(2, "0");
  const date = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc
      .tuple(fc.nat(40), fc.nat(14), fc.integer({ min: 0, max: 9999 }), fc.nat(26), fc.nat(62))
      .map(([d, m, y, h, mi]) => `${two(d)}.${two(m)}.${String(y).padStart(4, "0")}-${two(h)}:${two(mi)}`),
  );
  fc.assert(
    fc.property(date, (t) => {
      try {
        const at = rfpSchedule(t, "schedule");
        const d = new Date(Date.UTC(at.year, at.month - 1, at.day, at.hour, at.minute));
        d.setUTCFullYear(at.year);
        assert.deepEqual(
          [d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCHours(), d.getUTCMinutes()],
          [at.day, at.month, at.hour, at.minute],
        );
      } catch (e) {
        refusedWith(e, [UpdateCode.UpCommandSyntax]);
      }
    }),
    { numRuns: RUNS },
  );
});

/** The lines a batch is made of, good and bad. */
const LINES = [
  "mod cmd RFP_UPDATE0 firmware http://10.0.0.8/rfp/Worf123.S2",
  "mod cmd RFP_UPDATE0 firmware http://10.0.0.8/rfp/Missing.S2",
  "mod cmd RFP_UPDATE0 firmware http://10.0.0.8/rfp/Empty.S2",
  "mod cmd RFP_UPDATE0 firmware http://10.0.0.8/rfp/",
  "mod cmd RFP_UPDATE0 select 0x2753",
  "mod cmd RFP_UPDATE0 select 0xffff",
  "mod cmd RFP_UPDATE0 select 0x0010",
  "mod cmd RFP_UPDATE0 schedule 16.03.2007-22:30",
  "mod cmd RFP_UPDATE0 schedule 01.01.2099-00:00",
  "mod cmd RFP_UPDATE0 schedule",
  "mod cmd RFP_UPDATE0 start /idle /sequence",
  "mod cmd RFP_UPDATE0 start",
];

class Ports implements RfpPorts {
  readonly connected = 4;
  busy = () => false;
  setVersion = () => undefined;
  rfpRestarting = () => undefined;
  rfpUp = () => undefined;
}

test("a batch of RFP_UPDATE0 lines is carried out whole or refused with a typed error, and a refusal keeps nothing", async () => {
  const f = fakeRoleIo({ kind: "IPBL" });
  const files = new Map([
    ["/rfp/Worf123.S2", new Uint8Array(64).fill(1)],
    ["/rfp/Empty.S2", new Uint8Array(0)],
  ]);
  const fetcher = {
    get: async (url: UpdateUrl) => {
      const file = files.get(url.path);
      if (file === undefined) throw new IoError(UpdateCode.UpFetch, `${url.text}: HTTP 404 Not Found`);
      return file;
    },
    put: async () => undefined,
  };
  const core = await RfpUpdateCore.start({ io: f.io, ports: new Ports(), fetcher });
  const batch = fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 6 });
  let started = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(batch, async (lines) => {
      const commands = parseCommandFile(lines.join("\n"), "fuzz", "IPBL") as RfpUpdateCommand[];
      const before = JSON.stringify(core.state);
      const stored = JSON.stringify(await f.io.store.get("radio/rfp-update.json"));
      try {
        if ((await core.apply(commands, "fuzz")) !== undefined) started++;
        // Every start ends at once here (no chart runs): the next one is not busy.
        if (core.active)
          for (const p of core.state.order!.ports) if (p.state === "waiting") core.failed(p.port, "fuzz");
        await core.flushed();
      } catch (e) {
        refusedWith(e, [...CODES]);
        refused++;
        assert.equal(JSON.stringify(core.state), before, `${lines.join(" | ")}: kept half-way`);
        assert.equal(JSON.stringify(await f.io.store.get("radio/rfp-update.json")), stored);
      }
    }),
    { numRuns: RUNS },
  );
  assert.ok(started > 100 && refused > 100, `both outcomes are fuzzed: ${started} started, ${refused} refused`);
});
