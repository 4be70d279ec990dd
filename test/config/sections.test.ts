/**
 * The sections table (src/config/sections.ts) is the one list the device configuration follows: its keys, its
 * reading order and its native modules.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConfigCode } from "../../src/core/config/configCodes.js";
import { sectionPath } from "../../src/core/config/nativeModule.js";
import { NATIVE_MODULES } from "../../src/config/nativeModules.js";
import { SECTIONS } from "../../src/config/sections.js";
import { assertConfigError, fromYaml, YAML_BASE } from "./helpers.js";

test("each section's native modules set fields inside that section, and the modules follow the table's order", () => {
  const keys = SECTIONS.map((s) => s.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const s of SECTIONS) for (const m of s.native) assert.equal(sectionPath(m)[0], s.key, m.label);
  const sectionModules = NATIVE_MODULES.filter((m) => keys.includes(sectionPath(m)[0] as (typeof keys)[number]));
  assert.deepEqual(
    sectionModules.map((m) => m.label),
    SECTIONS.flatMap((s) => s.native.map((m) => m.label)),
  );
});

test("an unknown top-level key is refused, and the message lists the sections' keys", () => {
  const e = assertConfigError(() => fromYaml(`${YAML_BASE}sip: {}\n`), {
    code: ConfigCode.UnknownKey,
    line: 5,
    field: "sip",
  });
  for (const s of SECTIONS) assert.match(e.message, new RegExp(`\\b${s.key}\\b`));
});

test("a section sees the ones read before it: Radio Config needs the PARI function even when written first", () => {
  const ok = fromYaml(`${YAML_BASE}radioConfig: { ntp: 127.0.0.9 }\npari: {}\nmaster: { mode: active }\n`);
  assert.equal(ok.radioConfig?.ntp, "127.0.0.9");
  assert.deepEqual(Object.keys(ok).slice(-4), ["master", "pari", "radioConfig", "extra"]);
  assertConfigError(() => fromYaml(`${YAML_BASE}radioConfig: {}\nmaster: { mode: active }\n`), {
    code: ConfigCode.RadioConfigNeedsPari,
    line: 5,
    field: "radioConfig",
  });
});
