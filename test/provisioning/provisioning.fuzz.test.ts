/**
 * Fuzzing the second dialect's readers (src/provisioning): a config file, a users file, a .ver file and a server URL
 * each parse, or are refused with a provisioning error code; never another exception, never a half result.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { parseConfigXml } from "../../src/provisioning/configXml.js";
import { ProvisioningCode } from "../../src/provisioning/errors.js";
import { parseProvisioningUrl } from "../../src/provisioning/provisioningUrl.js";
import { parseUsersXml } from "../../src/provisioning/usersXml.js";
import { parseVerFile } from "../../src/provisioning/verFile.js";
import { mutate, mutation } from "../helpers/textMutation.js";

const RUNS = 2500;
const CODES = new Set<string>(Object.values(ProvisioningCode));
const enc = (s: string) => new TextEncoder().encode(s);

/** Runs `parse`; a refusal must be an IpdectError with a provisioning code. The result, or undefined when refused. */
function parsedOrRefused<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    assert.ok(e instanceof IpdectError, `not an IpdectError: ${String(e)}`);
    assert.ok(CODES.has(e.code), `not a provisioning code: ${e.code}: ${e.message}`);
    return undefined;
  }
}

/** Leaf elements of seed 002 config files: mapped, not modelled, and a few that are not parameters. */
const CONFIG_LEAVES = [
  "<provisioning><check><interval>60</interval></check></provisioning>",
  "<provisioning><check><time>00:00</time><check_sync>update</check_sync></check></provisioning>",
  "<provisioning><server><method>static</method><url>ftp://u:p@prov.example.com/dir</url></server></provisioning>",
  "<provisioning><firmware><kws>kws.bin</kws><rfp>rfp.bin</rfp></firmware></provisioning>",
  "<provisioning><config><check>true</check></config><users><check>false</check></users></provisioning>",
  "<sip><proxy><domain>10.0.0.1</domain><port>5060</port><domain2>b.example</domain2></proxy></sip>",
  "<sip><defaultdomain>pbx.example</defaultdomain><localport>5060</localport><transport>tls</transport></sip>",
  "<sip><media><codecs>1,2,0</codecs></media><mwi><enable>true</enable></mwi></sip>",
  "<snmp><enable>true</enable><community>public</community></snmp>",
  "<log><syslog><host>10.0.0.5</host><facility>16</facility></syslog></log>",
  "<network><bootproto>dhcp</bootproto></network>",
  "<bif08><shelf><card><port><enable>true</enable></port></card></shelf></bif08>",
  "<sip><nosuch>1</nosuch></sip>",
  "<security><username>admin</username></security>",
];
const USER_FIELDS = [
  "<ipei>00077 0000001</ipei>",
  "<ipei>0001905920153</ipei>",
  "<accesscode>1234</accesscode>",
  "<standbytext>Ward 4</standbytext>",
  "<displayname>Ole Olsen</displayname>",
  "<authuser>ole</authuser>",
  "<authpassword>pw</authpassword>",
  "<disabled>true</disabled>",
  "<localno>2001</localno>",
  "<cucmdevicename>SEP123456789ABC</cucmdevicename>",
  "<tx_gain>3</tx_gain>",
];

const configFile = fc
  .array(fc.constantFrom(...CONFIG_LEAVES), { maxLength: 8 })
  .map(
    (parts) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<config>\n${parts.join("\n")}\n</config>\n`,
  );
const usersFile = fc
  .array(fc.tuple(fc.integer({ min: 1000, max: 1020 }), fc.array(fc.constantFrom(...USER_FIELDS), { maxLength: 4 })), {
    maxLength: 6,
  })
  .map(
    (users) =>
      `<?xml version="1.0"?>\n<users>\n${users.map(([n, f]) => `<user><username>${n}</username>${f.join("")}</user>`).join("\n")}\n</users>\n`,
  );

function checkConfig(text: string | Uint8Array): void {
  const x = parsedOrRefused(() => parseConfigXml(typeof text === "string" ? enc(text) : text, "fuzz-config.xml"));
  if (x === undefined) return;
  for (const [key, fields] of Object.entries(x.patch)) {
    assert.ok(["provisioning", "gatekeeper", "snmp", "logging"].includes(key), key);
    if (fields !== null)
      for (const v of Object.values(fields))
        assert.ok(v === null || ["string", "number", "boolean", "object"].includes(typeof v));
  }
  for (const p of x.notModelled) assert.ok(p.startsWith("config/"), p);
}

function checkUsers(text: string | Uint8Array): void {
  const bytes = typeof text === "string" ? enc(text) : text;
  const x = parsedOrRefused(() => parseUsersXml(bytes, "fuzz-users.xml"));
  if (x === undefined) return;
  const numbers = x.users.map((u) => u.number);
  assert.equal(new Set(numbers).size, numbers.length, "numbers are unique");
  for (const u of x.users) assert.ok(u.longName.length > 0 && u.number.length > 0);
}

test("generated config and users files parse, or are refused with a provisioning code", () => {
  fc.assert(fc.property(configFile, checkConfig), { numRuns: RUNS });
  fc.assert(fc.property(usersFile, checkUsers), { numRuns: RUNS });
});

test("mutated config and users files: parsed whole or refused", () => {
  fc.assert(
    fc.property(configFile, fc.array(mutation, { minLength: 1, maxLength: 4 }), (t, m) => checkConfig(mutate(t, m))),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(usersFile, fc.array(mutation, { minLength: 1, maxLength: 4 }), (t, m) => checkUsers(mutate(t, m))),
    { numRuns: RUNS },
  );
});

test("random bytes and deep or wide XML: refused quickly with a provisioning code", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
      checkConfig(b);
      checkUsers(b);
    }),
    { numRuns: RUNS },
  );
  const deep = `<config>${"<a>".repeat(5000)}${"</a>".repeat(5000)}</config>`;
  const t0 = performance.now();
  checkConfig(deep);
  checkConfig(`<config>${"<sip/>".repeat(50_000)}</config>`);
  assert.ok(performance.now() - t0 < 5000, "hostile shapes are refused without a long search");
});

test(".ver files and server URLs: parsed or refused with their code; a refused URL never shows its password", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
      const v = parsedOrRefused(() => parseVerFile(enc(s), "kws.bin.ver"));
      if (v !== undefined) assert.ok(v.length > 0 && v === v.trim());
    }),
    { numRuns: RUNS },
  );
  const urls = fc.constantFrom(
    "10.0.0.10",
    "tftp://provisioning.test.com",
    "ftp://user:hunter2@provisioning.example.com/dir",
    "https://server.example.com:10443/boot",
    "http://server.example.com/boot.",
  );
  fc.assert(
    fc.property(urls, fc.array(mutation, { minLength: 1, maxLength: 3 }), (u, m) => {
      const text = mutate(u, m);
      try {
        const url = parseProvisioningUrl(text, "url");
        assert.ok(url.path.startsWith("/"));
      } catch (e) {
        assert.ok(e instanceof IpdectError && e.code === ProvisioningCode.Url, String(e));
        if (text.includes(":hunter2@")) assert.ok(!e.message.includes("hunter2"), e.message);
      }
    }),
    { numRuns: RUNS },
  );
});
