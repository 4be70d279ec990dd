import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { formatNativeText, parseNativeText } from "../../src/config/nativeText.js";
import { REDUNDANCY_DEFAULTS } from "../../src/role/redundancy.js";

const EXAMPLE = readFileSync(new URL("../../../examples/config/ipbs-standby.txt", import.meta.url), "utf8");
const withoutComments = (text: string): string =>
  `${text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"))
    .join("\n")}\n`;

test("examples/config/ipbs-standby.txt: text → model → text gives the file without its comments", () => {
  const cfg = parseNativeText(EXAMPLE, "ipbs-standby.txt");
  assert.equal(formatNativeText(cfg), withoutComments(EXAMPLE));
});

test("examples/config/ipbs-standby.txt is a Standby Master with a primary and its own radio (§4.6.19 step 3)", () => {
  const cfg = parseNativeText(EXAMPLE, "ipbs-standby.txt");
  assert.equal(cfg.kind, "IPBS");
  assert.deepEqual(cfg.master, {
    mode: "standby",
    id: 2,
    primary: "127.0.1.1",
    probeIntervalMs: REDUNDANCY_DEFAULTS.probeIntervalMs,
    masterLostMs: 2000,
    radioLostMs: REDUNDANCY_DEFAULTS.radioLostMs,
  });
  assert.equal(cfg.radio?.master, "127.0.1.1");
  assert.equal(cfg.radio?.alternateMaster, cfg.ip);
  assert.equal(cfg.system.name, "Site North");
});

test("examples/config/ipbs-standby.txt keeps the unmodelled lines verbatim and in order (App. A, E, I)", () => {
  const cfg = parseNativeText(EXAMPLE, "ipbs-standby.txt");
  const verbatim = EXAMPLE.split("\n").filter((l) => /^(mod cmd UP1|vars |config \S+ NTP0\b)/.test(l));
  assert.equal(verbatim.length, 3);
  assert.deepEqual(cfg.extra, verbatim);
  assert.equal(cfg.extra[0], "config add NTP0 /addr 192.168.42.136");
});

test("examples/config/ipbs-standby.txt polls its update server: UP1's /url and /no-dhcp (App. I.3, I.4)", () => {
  const cfg = parseNativeText(EXAMPLE, "ipbs-standby.txt");
  // App. A.1.3: "A value less than 15 minutes (which is the default) is therefore not recommended."
  assert.deepEqual(cfg.update, { url: "http://127.0.1.9/configs/", pollMinutes: 15, noDhcp: true });
});

test("examples/config/ipbs-standby.txt: the App. C user records become users, not extra", () => {
  const cfg = parseNativeText(EXAMPLE, "ipbs-standby.txt");
  assert.deepEqual(
    cfg.users?.map((u) => [u.longName, u.number, u.guid, u.usn]),
    [
      ["1950", "1950", "80319FC0E909D311905C00013E00EFC8", 14],
      ["1951", "1951", "7B7C9D01E909D311905C00013E00EFC8", 15],
    ],
  );
  assert.ok(!cfg.extra.some((l) => l.includes("FLASHDIR0")));
});

test("format(parse(format(parse(text)))) equals format(parse(text))", () => {
  const once = formatNativeText(parseNativeText(EXAMPLE, "a.txt"));
  assert.equal(formatNativeText(parseNativeText(once, "b.txt")), once);
});

test("examples/config/ipbs-standby.txt: the Standby has its Master's gatekeeper settings (§4.6.23, §4.6.24)", () => {
  const gk = parseNativeText(EXAMPLE, "ipbs-standby.txt").gatekeeper;
  assert.equal(gk?.protocol, "sip-tcp");
  assert.deepEqual(gk?.altProxies, ["pbx2.example.com"]);
  assert.equal(gk?.internationalCpnPrefix, "00");
  assert.deepEqual(gk?.anonymous, { name: "Emergency", number: "112", deactivateMaster: false });
});
