import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { BANDS, carrierMhz, FREQUENCY_BANDS } from "../../src/role/bands.js";
import { pariCarriers } from "../../src/pari/settings.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "./helpers.js";

const yaml = (field: string, line: number | undefined, code: string) => ({ code, line, field });
const withPari = (p: string) => fromYaml(`${YAML_BASE}master:\n  mode: active\npari:\n${p}`).pari!;
const withMaster = (m: string) => fromYaml(`${YAML_BASE}master:\n  mode: active\n${m}`).master!;

test("§4.6.6 'The device can operate in the following frequency bands': four, 1880–1900 MHz the default", () => {
  assert.deepEqual(FREQUENCY_BANDS, ["europe", "thailand", "south-america", "north-america"]);
  assert.deepEqual(
    FREQUENCY_BANDS.map((b) => BANDS[b].label),
    [
      "1880–1900 MHz (Europe, Africa, Middle East, Australia, New Zealand and parts of Asia)",
      "1900–1906 MHz (Thailand)",
      "1910–1930 MHz (South America)",
      "1920–1930 MHz (North America)",
    ],
  );
  assert.equal(withPari("  syncDepth: 4\n").band, "europe");
  for (const band of FREQUENCY_BANDS) assert.equal(withPari(`  band: ${band}\n`).band, band);
  assertConfigError(() => withPari("  band: mars\n"), yaml("pari.band", 8, ConfigCode.Band));
});

test("§4.6.7 'The device has 5 carriers for the North American frequency band, 4 carriers for the Thai frequency band and 10 carriers for the other frequency bands'", () => {
  assert.deepEqual(
    FREQUENCY_BANDS.map((b) => BANDS[b].carriers.length),
    [10, 4, 10, 5],
  );
  // Each carrier lies inside its band (EN 300 175-2 numbering, 1.728 MHz apart).
  const edges = {
    europe: [1880, 1900],
    thailand: [1900, 1906],
    "south-america": [1910, 1930],
    "north-america": [1920, 1930],
  };
  for (const b of FREQUENCY_BANDS)
    for (const c of BANDS[b].carriers) {
      const [lo, hi] = edges[b];
      assert.ok(carrierMhz(c) > lo! && carrierMhz(c) < hi!, `${b} carrier ${c} at ${carrierMhz(c)} MHz`);
    }
  assert.equal(carrierMhz(0), 1897.344);
  assert.equal(carrierMhz(9), 1881.792);
  assert.equal(carrierMhz(23), 1921.536);
});

test("§4.6.7 'Under all normal circumstances all carriers should be enabled': absent, all carriers of the band are", () => {
  assert.deepEqual(pariCarriers(withPari("  syncDepth: 4\n")).enabled, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(pariCarriers(withPari("  band: north-america\n")).enabled, [23, 24, 25, 26, 27]);
  assert.deepEqual(pariCarriers(withPari("  band: thailand\n")).enabled, [11, 12, 13, 14]);
});

test("§4.6.7 'For Brazil, the following carriers shall be selected only: 18, 19, 20 and 21': valid in the South American band", () => {
  const p = withPari("  band: south-america\n  carriers: [21, 18, 19, 20]\n");
  assert.deepEqual(p.carriers, [18, 19, 20, 21], "kept ascending");
  assert.deepEqual(pariCarriers(p), { band: "south-america", enabled: [18, 19, 20, 21] });
  const native = fromNative(
    `${NATIVE_BASE}config change MASTER0 /mode active\nconfig change PARI0 /band south-america /enabled-carriers 18,19,20,21\n`,
  );
  assert.deepEqual(native.pari?.carriers, [18, 19, 20, 21]);
  // 18..21 are not carriers of the other bands.
  assertConfigError(() => withPari("  carriers: [18, 19, 20, 21]\n"), yaml("pari.carriers", 8, ConfigCode.Carriers));
  assertConfigError(
    () => withPari("  band: north-america\n  carriers: [18, 19, 20, 21]\n"),
    yaml("pari.carriers", 9, ConfigCode.Carriers),
  );
});

test("enabled carriers: a carrier not in the band, none, one twice, or the old count are refused with the field (§4.6.7)", () => {
  const e = assertConfigError(
    () => withPari("  band: thailand\n  carriers: [11, 15]\n"),
    yaml("pari.carriers", 9, ConfigCode.Carriers),
  );
  assert.match(
    e.message,
    /carrier 15 is not in the 1900–1906 MHz \(Thailand\) band, whose carriers are 11, 12, 13, 14/,
  );
  assert.match(
    assertConfigError(() => withPari("  carriers: []\n"), yaml("pari.carriers", 8, ConfigCode.Carriers)).message,
    /at least one carrier must be enabled/,
  );
  assert.match(
    assertConfigError(() => withPari("  carriers: [3, 3]\n"), yaml("pari.carriers", 8, ConfigCode.Carriers)).message,
    /carrier 3 is listed twice/,
  );
  assert.match(
    assertConfigError(() => withPari("  carriers: 5\n"), yaml("pari.carriers", 8, ConfigCode.Carriers)).message,
    /not a count: e\.g\. \[0, 1, 2, 3, 4\]/,
  );
  assertConfigError(() => withPari("  carriers: [28]\n"), yaml("pari.carriers[0]", 8, ConfigCode.Carriers));
});

test("§4.6.22 'The region code can consist of numbers 0–9, * and #'; at most 16 (ours), text", () => {
  assert.equal(withMaster("  regionCode: '0*12#'\n").regionCode, "0*12#");
  assert.equal(withMaster("  regionCode: '0123456789*#0123'\n").regionCode, "0123456789*#0123");
  assert.equal(withMaster("  id: 2\n").regionCode, undefined);
  for (const bad of ["'12a'", "'+46'", "''", "'01234567890123456'"])
    assertConfigError(() => withMaster(`  regionCode: ${bad}\n`), yaml("master.regionCode", 7, ConfigCode.RegionCode));
  assert.match(
    assertConfigError(() => withMaster("  regionCode: 12\n"), yaml("master.regionCode", 7, ConfigCode.RegionCode))
      .message,
    /write it in quotes/,
  );
  const native = fromNative(`${NATIVE_BASE}config change MASTER0 /mode active /region-code 0*12#\n`);
  assert.equal(native.master?.regionCode, "0*12#");
});
