/** App. E's update-script line for Kerberos clients (§4.1.8.5): the reader and its place in the native text. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { DecodeError } from "../../src/core/errors.js";
import { KerberosJoinCode } from "../../src/kerberos/joinErrors.js";
import { readJoinLine } from "../../src/kerberos/joinScript.js";
import { assertConfigError, fromNative, NATIVE_BASE } from "../config/helpers.js";

/** App. E's example, joined to one line as a command file holds it (the manual wraps it over four). */
const APP_E =
  'vars create CMD0/KCMD p <join+realm="NEGREALM1"+user="neguser1"+password="negpwd1"+force="true"+' +
  'disable-local="true"+kerberos-rc4="true"><server+realm="NEGREALM1"+address="192.168.42.34"><server+' +
  'realm="NEGREALM2"+addres="192.168.42.99"/></join>';

const LINE = (join: string, servers = '<server realm="R.TEST" address="10.0.0.1"/>') =>
  `vars create CMD0/KCMD p <join ${join}>${servers}</join>`;
const OK = 'realm="R.TEST" user="jim" password="pw"';

function decodeError(run: () => unknown, code: string, message: RegExp): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof DecodeError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

test("App. E's own example reads, with its + separators, its open <server> and its addres (App. E)", () => {
  // App. E writes realms in lower case; §4.1.8.1 step 6 has them in capitals, so the example is upper-cased here.
  assert.deepEqual(readJoinLine(APP_E), {
    realm: "NEGREALM1",
    admin: { user: "neguser1", password: "negpwd1" },
    force: true,
    disableLocal: true,
    aesRc4: true,
    servers: [
      {
        realm: "NEGREALM1",
        address: "192.168.42.34",
        port: 88,
        adminPort: 749,
        secondaryPort: 88,
        secondaryAdminPort: 749,
      },
      {
        realm: "NEGREALM2",
        address: "192.168.42.99",
        port: 88,
        adminPort: 749,
        secondaryPort: 88,
        secondaryAdminPort: 749,
      },
    ],
  });
});

test("the format line's fields: host, ports, secondary; defaults false; </join realm> and entities", () => {
  const o = readJoinLine(
    LINE(
      'realm="R.TEST" host="radio-7" user="jim" password="a&quot;b&amp;c&lt;d&gt;e&apos;f+g h"',
      '<server realm="R.TEST" address="10.0.0.1" port="1088" secondary-address="10.0.0.2" secondary-port="2088"></server>',
    ).replace("</join>", "</join realm>"),
  );
  assert.equal(o.host, "radio-7");
  assert.equal(o.admin.password, "a\"b&c<d>e'f+g h", "inside quotes + and spaces are the value's own");
  assert.deepEqual([o.force, o.disableLocal, o.aesRc4], [false, false, false]);
  assert.deepEqual(o.servers[0], {
    realm: "R.TEST",
    address: "10.0.0.1",
    port: 1088,
    adminPort: 749,
    secondaryAddress: "10.0.0.2",
    secondaryPort: 2088,
    secondaryAdminPort: 749,
  });
});

test("bad lines are refused with the column and the reason", () => {
  const script = KerberosJoinCode.Script;
  decodeError(() => readJoinLine("vars create CMD0/KCMD p <joint/>"), script, /column 30: expected a space or \+/);
  decodeError(() => readJoinLine(LINE('realm="R.TEST" user="jim"')), script, /join needs password="…"/);
  decodeError(() => readJoinLine(LINE(`${OK} force="yes"`)), script, /force must be true or false/);
  decodeError(() => readJoinLine(LINE(`${OK} realm="X"`)), script, /join realm given twice/);
  decodeError(() => readJoinLine(LINE(`${OK} colour="red"`)), script, /join has no attribute colour/);
  decodeError(() => readJoinLine(LINE('realm="r.test" user="jim" password="pw"')), script, /upper-case/);
  decodeError(() => readJoinLine(LINE('realm="R.TEST" user="j/x" password="pw"')), script, /join user must be/);
  decodeError(() => readJoinLine(LINE('realm="R.TEST" user="jim" password="a&b"')), script, /&quot;/);
  decodeError(() => readJoinLine('vars create CMD0/KCMD p <join realm="R.TEST" password="open'), script, /not closed/);
  decodeError(() => readJoinLine(`${LINE(OK)} x`), script, /nothing may follow <\/join>/);
  decodeError(() => readJoinLine(LINE(OK, '<server realm="R.TEST"/>')), script, /server needs address/);
  decodeError(
    () => readJoinLine(LINE(OK, '<server realm="R.TEST" address="10.0.0.1" addres="10.0.0.2"/>')),
    script,
    /address given twice/,
  );
  decodeError(
    () => readJoinLine(LINE(OK, '<server realm="R.TEST" address="10.0.0.1" port="65536"/>')),
    script,
    /port from 1 to 65535/,
  );
  decodeError(
    () => readJoinLine(LINE(OK, '<server realm="R.TEST" address="10.0.0.1" secondary-port="88"/>')),
    script,
    /needs a secondary-address/,
  );
  decodeError(
    () => readJoinLine(LINE(OK, '<server realm="OTHER" address="10.0.0.1"/>')),
    KerberosJoinCode.Order,
    /R.TEST, needs its Authentication Server/,
  );
});

test("in a native text the line sets the Kerberos client and becomes a join that is never written back", () => {
  const cfg = fromNative(`${NATIVE_BASE}${APP_E}\nconfig write\n`);
  assert.deepEqual(
    cfg.kerberos?.client?.servers.map((s) => s.address),
    ["192.168.42.34", "192.168.42.99"],
  );
  assert.equal(cfg.kerberos?.client?.disableLocal, true);
  assert.equal(cfg.kerberos?.client?.aesRc4, true);
  assert.equal(cfg.kerberosJoin?.admin.user, "neguser1");
  assert.deepEqual(cfg.extra, [], "consumed, not kept verbatim");
  const text = formatNativeText(cfg);
  assert.ok(!text.includes("negpwd1") && !text.includes("KCMD"), text);
  assert.match(text, /config add KRBAS0 \/realm NEGREALM2 \/addr 192.168.42.99/);
  assert.ok(!JSON.stringify(deviceToObject(cfg)).includes("negpwd1"));
  assert.equal(fromNative(text).kerberosJoin, undefined);
});

test("a bad join line names its line; a second one is refused (App. E)", () => {
  const e = assertConfigError(() => fromNative(`${NATIVE_BASE}${LINE(`${OK} force="1"`)}\n`), {
    code: KerberosJoinCode.JoinLine,
    line: 3,
    field: "vars CMD0/KCMD",
    source: "test.txt",
  });
  assert.match(e.message, /column \d+: join force must be true or false/);
  assertConfigError(() => fromNative(`${NATIVE_BASE}${APP_E}\n${APP_E}\n`), {
    code: KerberosJoinCode.JoinLine,
    line: 4,
    field: undefined,
    source: "test.txt",
  });
  // Other vars lines stay verbatim.
  assert.deepEqual(fromNative(`${NATIVE_BASE}vars create CMD1/X p y\n`).extra, ["vars create CMD1/X p y"]);
});
