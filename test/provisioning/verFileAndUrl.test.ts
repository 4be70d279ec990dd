/** `.ver` files and provisioning server URLs (seed 002 "Firmware Version Files", "URL"). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import { ProvisioningCode } from "../../src/provisioning/errors.js";
import { parseProvisioningUrl, provisioningFile } from "../../src/provisioning/provisioningUrl.js";
import { parseVerFile, VER_FILE_MAX_BYTES } from "../../src/provisioning/verFile.js";
import { urlForLog } from "../../src/update/updateUrl.js";

const enc = (s: string) => new TextEncoder().encode(s);

test('a .ver file is one line of text: seed 002\'s "PCS17Ea 58478"', () => {
  assert.equal(parseVerFile(enc("PCS17Ea 58478"), "kws.bin.ver"), "PCS17Ea 58478");
  assert.equal(parseVerFile(enc("PCS17Ea 58478\r\n"), "kws.bin.ver"), "PCS17Ea 58478");
  assert.equal(parseVerFile(enc("  1.4.2 \n"), "kws.bin.ver"), "1.4.2");
  for (const [bad, why] of [
    ["", "empty"],
    ["\n", "empty"],
    ["1.0\n2.0\n", "one line"],
    ["1.0\u0000", "control"],
    ["x".repeat(VER_FILE_MAX_BYTES + 1), "over the limit"],
  ] as const)
    assert.throws(
      () => parseVerFile(enc(bad), "kws.bin.ver"),
      (e: unknown) => e instanceof DecodeError && e.code === ProvisioningCode.VerFile && e.message.includes(why),
    );
  assert.throws(() => parseVerFile(new Uint8Array([0xc3]), "kws.bin.ver"), /not UTF-8/);
});

test("seed 002's URL examples: tftp by default, host names, ftp with user and password, https with a port", () => {
  const u = (t: string) => parseProvisioningUrl(t, "url");
  assert.deepEqual({ ...u("10.0.0.10") }, { scheme: "tftp", host: "10.0.0.10", path: "/", text: "tftp://10.0.0.10" });
  assert.equal(u("tftp://provisioning.test.com").host, "provisioning.test.com");
  assert.equal(u("ftp://192.168.0.1").scheme, "ftp");
  const ftp = u("ftp://user:password@provisioning.example.com");
  assert.equal(ftp.user, "user");
  assert.equal(ftp.password, "password");
  assert.equal(urlForLog(ftp), "ftp://user@provisioning.example.com/");
  assert.equal(u("http://server.example.com/boot.").path, "/boot.");
  const https = u("https://server.example.com:10443/boot");
  assert.equal(https.port, 10443);
  assert.equal(provisioningFile(https, "0013d1800032-config.xml").path, "/boot/0013d1800032-config.xml");
  assert.equal(provisioningFile(u("10.0.0.10"), "kws.bin.ver").text, "tftp://10.0.0.10/kws.bin.ver");
});

test("refused URLs name the rule, and never show the password", () => {
  for (const [bad, why] of [
    ["gopher://10.0.0.1/", "FTP, TFTP, HTTP or HTTPS"],
    ["http://-bad-.example/", "DNS name"],
    ["http://10.0.0.1:99999/", "port"],
    ["tftp://u:p@10.0.0.1/", "TFTP has no user"],
    ["http://10.0.0.1/a b", "path"],
    ["ftp://admin:hunter2@", "DNS name"],
  ] as const)
    assert.throws(
      () => parseProvisioningUrl(bad, "url"),
      (e: unknown) =>
        e instanceof DecodeError &&
        e.code === ProvisioningCode.Url &&
        e.message.includes(why) &&
        !e.message.includes("hunter2"),
      bad,
    );
});
