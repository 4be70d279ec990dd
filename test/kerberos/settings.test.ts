/** General → Admin (Authentication Servers, §4.1.8.3) and General → Kerberos (§4.1.8.1, §4.1.8.11) as settings. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatNativeText } from "../../src/config/nativeText.js";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { deviceToObject } from "../../src/config/deviceToObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { KerberosCode } from "../../src/kerberos/errors.js";
import { assertConfigError, fromNative, fromYaml, NATIVE_BASE, YAML_BASE } from "../config/helpers.js";

test("defaults: ports 88 and 749 (§4.1.8.3 step 8), 464 (App. H), no AES and RC4, local logins on", () => {
  const cfg = fromYaml(
    `${YAML_BASE}kerberos:\n  client: { servers: [{ realm: A.B, address: 10.0.0.9 }] }\n  server: { realm: A.B }\n`,
  );
  assert.deepEqual(cfg.kerberos, {
    client: {
      servers: [
        { realm: "A.B", address: "10.0.0.9", port: 88, adminPort: 749, secondaryPort: 88, secondaryAdminPort: 749 },
      ],
      aesRc4: false,
      disableLocal: false,
    },
    server: { realm: "A.B", port: 88, adminPort: 749, passwordPort: 464, propPort: 754, secondaries: [] },
  });
});

test("native text: KRBCLI0, KRBAS0 (one line per realm, App. E's two servers) and KRBSRV0 read and write back", () => {
  const text =
    `${NATIVE_BASE}config change KRBCLI0 /aes-rc4 /disable-local\n` +
    "config add KRBAS0 /realm NEG.REALM1 /addr 192.168.42.34 /sec-addr 192.168.42.35 /sec-port 1088\n" +
    "config add KRBAS0 /realm NEG.REALM2 /addr 192.168.42.99\n" +
    "config change KRBSRV0 /realm NEG.REALM1 /port 1088 /secondary1 192.168.42.35\n";
  const cfg = fromNative(text);
  assert.equal(cfg.kerberos?.client?.servers.length, 2);
  assert.equal(cfg.kerberos?.client?.servers[0]?.secondaryPort, 1088);
  assert.equal(cfg.kerberos?.client?.aesRc4, true);
  assert.equal(cfg.kerberos?.client?.disableLocal, true);
  assert.deepEqual(cfg.kerberos?.server?.secondaries, ["192.168.42.35"]);
  const out = formatNativeText(cfg);
  assert.match(out, /^config add KRBAS0 \/realm NEG\.REALM2 \/addr 192\.168\.42\.99$/m);
  assert.deepEqual(fromNative(out).kerberos, cfg.kerberos);
  // An export holds no secrets (passwords are not settings) and reads back to the same section: a row without a
  // secondary server leaves out the secondary's default ports, which the reader takes only with its address.
  const exported = deviceToObject(cfg);
  assert.deepEqual(deviceFromObject(exported, locatorWithoutLines("export")).kerberos, cfg.kerberos);
  assert.deepEqual((exported["kerberos"] as typeof cfg.kerberos)?.client?.servers[1], {
    realm: "NEG.REALM2",
    address: "192.168.42.99",
    port: 88,
    adminPort: 749,
  });
});

test("refused: a lower-case realm, a realm twice, a secondary port without address, a secondary with secondaries", () => {
  const yaml = (k: string) => () => fromYaml(`${YAML_BASE}kerberos: ${k}\n`);
  assertConfigError(yaml("{ server: { realm: lower.case } }"), {
    code: KerberosCode.Realm,
    line: 5,
    field: "kerberos.server.realm",
  });
  assertConfigError(yaml("{ client: { servers: [{ realm: A, address: 1.2.3.4 }, { realm: A, address: 1.2.3.5 }] } }"), {
    code: KerberosCode.Server,
    line: 5,
    field: "kerberos.client.servers[1].realm",
  });
  assertConfigError(yaml("{ client: { servers: [{ realm: A, address: 1.2.3.4, secondaryPort: 99 }] } }"), {
    code: KerberosCode.Server,
    line: 5,
    field: "kerberos.client.servers[0].secondaryPort",
  });
  assertConfigError(yaml("{ server: { realm: A, primary: 1.2.3.4, secondaries: [1.2.3.5] } }"), {
    code: KerberosCode.Secondary,
    line: 5,
    field: "kerberos.server.secondaries",
  });
  assertConfigError(yaml("{ server: { realm: A, port: 0 } }"), {
    code: ConfigCode.Port,
    line: 5,
    field: "kerberos.server.port",
  });
});

test("a trusted realm's Authorization on its Authentication Server row: YAML and native text (§4.1.8.9 steps 4-5)", () => {
  const text =
    `${NATIVE_BASE}config change KRBCLI0 /aes-rc4\n` +
    "config add KRBAS0 /realm IPDECT.TEST /addr 10.0.0.1\n" +
    "config add KRBAS0 /realm WINAD.TEST /addr 10.0.0.77 /authz domain-group /admin-rid 1103 /auditor-rid 1104\n" +
    "config add KRBAS0 /realm OTHER.TEST /addr 10.0.0.78 /authz auditor\n";
  const cfg = fromNative(text);
  const [own, ad, other] = cfg.kerberos!.client!.servers;
  assert.equal(own?.authorization, undefined, "no Authorization: not trusted for logins");
  assert.deepEqual(
    [ad?.authorization, ad?.adminGroupRid, ad?.auditorGroupRid, other?.authorization],
    ["domain-group", 1103, 1104, "auditor"],
  );
  const out = formatNativeText(cfg);
  assert.match(
    out,
    /^config add KRBAS0 \/realm WINAD\.TEST .*\/authz domain-group \/admin-rid 1103 \/auditor-rid 1104$/m,
  );
  assert.deepEqual(fromNative(out).kerberos, cfg.kerberos);
  const yaml = fromYaml(
    `${YAML_BASE}kerberos:\n  client: { servers: [{ realm: W.T, address: 10.0.0.9, authorization: domain-group, adminGroupRid: 512 }] }\n`,
  );
  assert.deepEqual(yaml.kerberos?.client?.servers[0], {
    realm: "W.T",
    address: "10.0.0.9",
    port: 88,
    adminPort: 749,
    secondaryPort: 88,
    secondaryAdminPort: 749,
    authorization: "domain-group",
    adminGroupRid: 512,
  });
});

test("refused: an unknown Authorization, domain-group without a RID, a RID without domain-group, a RID of 0", () => {
  const row = (extra: string) => () =>
    fromYaml(`${YAML_BASE}kerberos: { client: { servers: [{ realm: A, address: 1.2.3.4, ${extra} }] } }\n`);
  const at = (key: string) => ({ code: KerberosCode.Trust, line: 5, field: `kerberos.client.servers[0].${key}` });
  assertConfigError(row("authorization: everyone"), at("authorization"));
  assertConfigError(row("authorization: domain-group"), at("authorization"));
  assertConfigError(row("authorization: auditor, adminGroupRid: 512"), at("adminGroupRid"));
  assertConfigError(row("auditorGroupRid: 513"), at("auditorGroupRid"));
  assertConfigError(row("authorization: domain-group, adminGroupRid: 0"), at("adminGroupRid"));
});
