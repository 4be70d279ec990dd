/** The update server's URLs (App. A.1.1–A.1.5): parsing, default file names, log form and scfg's substitutions. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import { Mac } from "../../src/core/identity/Mac.js";
import { UpdateCode } from "../../src/update/errors.js";
import { commandFileName, firmwareFileName, hardwareId } from "../../src/update/product.js";
import {
  parseUpdateUrl,
  substituteSaveUrl,
  urlForLog,
  withDefaultFile,
  type SaveUrlValues,
} from "../../src/update/updateUrl.js";

function refused(run: () => unknown, message: RegExp): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof DecodeError, String(e));
    assert.equal(e.code, UpdateCode.UpUrl, e.message);
    assert.match(e.message, message);
    return true;
  });
}

test('"Following URLs are supported: HTTP, HTTPS and TFTP" (App. A.1.1)', () => {
  assert.deepEqual(parseUpdateUrl("http://1.2.3.4/configs/", "DEV0 /update-url"), {
    scheme: "http",
    host: "1.2.3.4",
    path: "/configs/",
    text: "http://1.2.3.4/configs/",
  });
  assert.deepEqual(parseUpdateUrl("HTTPS://10.0.0.1:8443/a/b.bin?x=1", "w"), {
    scheme: "https",
    host: "10.0.0.1",
    port: 8443,
    path: "/a/b.bin?x=1",
    text: "HTTPS://10.0.0.1:8443/a/b.bin?x=1",
  });
  assert.equal(parseUpdateUrl("tftp://192.168.0.10/firm/ipbs2.bin", "w").scheme, "tftp");
  refused(() => parseUpdateUrl("ftp://1.2.3.4/x", "w"), /^w: .*HTTP, HTTPS or TFTP \(App\. A\.1\.1\), not ftp/);
  refused(() => parseUpdateUrl("1.2.3.4/configs/", "w"), /not a URL/);
  refused(() => parseUpdateUrl("", "w"), /not a URL/);
});

test('"In this URL, no host names are supported. The web servers IP address must be used." (App. A.1.2)', () => {
  refused(
    () => parseUpdateUrl("http://update.example.com/", "DEV0 /update-url"),
    /^DEV0 \/update-url: .*no host names/,
  );
  refused(() => parseUpdateUrl("http://[::1]/", "w"), /no host names/);
  refused(() => parseUpdateUrl("http:///x", "w"), /got no address/);
  refused(() => parseUpdateUrl("http://1.2.3.256/", "w"), /no host names/);
  refused(() => parseUpdateUrl("http://01.2.3.4/", "w"), /no host names/);
});

test("ports 1–65535; userinfo for HTTP(S) only, percent-decoded; no fragment, no spaces", () => {
  assert.equal(parseUpdateUrl("http://1.2.3.4:1/", "w").port, 1);
  assert.equal(parseUpdateUrl("http://1.2.3.4:65535/", "w").port, 65535);
  for (const port of ["0", "65536", "", "08", "x"])
    refused(() => parseUpdateUrl(`http://1.2.3.4:${port}/`, "w"), /port must be 1–65535/);
  const u = parseUpdateUrl("https://ad%40min:p%3Ass@1.2.3.4/c/", "w");
  assert.equal(u.user, "ad@min");
  assert.equal(u.password, "p:ss");
  assert.equal(parseUpdateUrl("http://bob@1.2.3.4/", "w").password, undefined);
  refused(() => parseUpdateUrl("tftp://u:p@1.2.3.4/", "w"), /TFTP has no user or password/);
  refused(() => parseUpdateUrl("http://:p@1.2.3.4/", "w"), /user\[:password\]@/);
  refused(() => parseUpdateUrl("http://u:%ff@1.2.3.4/", "w"), /not UTF-8/);
  refused(() => parseUpdateUrl("http://1.2.3.4/a b", "w"), /URL characters/);
  refused(() => parseUpdateUrl("http://1.2.3.4/a#frag", "w"), /no '#'/);
  refused(() => parseUpdateUrl("http://1.2.3.4/%zz", "w"), /URL characters/);
});

test("a URL's password never shows in an error or in the log form", () => {
  refused(() => parseUpdateUrl("http://bob:s3cret@update.example/", "w"), /"http:\/\/bob:\*{8}@update\.example\/"/);
  assert.throws(
    () => parseUpdateUrl("http://bob:s3cret@1.2.3.4/a b", "w"),
    (e: Error) => !e.message.includes("s3cret"),
  );
  // A path with another "://" and '@' (the fuzz test's counterexample): the userinfo's password is still masked.
  for (const pw of ["s3 cret", "\u200b"])
    assert.throws(
      () => parseUpdateUrl(`http://a:${pw}@0.0.0.0/://@`, "w"),
      (e: Error) => !e.message.includes(`:${pw}@`) && e.message.includes('"http://a:********@"'),
    );
  const u = parseUpdateUrl("https://bob:s3cret@1.2.3.4:8443/configs/", "w");
  assert.equal(urlForLog(u), "https://bob@1.2.3.4:8443/configs/");
  assert.equal(urlForLog(parseUpdateUrl("tftp://1.2.3.4", "w")), "tftp://1.2.3.4/");
});

test("\"If the URL ends with a '/' then a default filename is used\" (App. A.1.3, A.1.4)", () => {
  // A.1.3: "the URL for an IPBS1 is http://1.2.3.4/configs/, it is expanded to http://1.2.3.4/configs/update-IPBS.htm".
  const cmd = withDefaultFile(parseUpdateUrl("http://1.2.3.4/configs/", "w"), commandFileName("IPBS1"));
  assert.equal(cmd.text, "http://1.2.3.4/configs/update-IPBS.htm");
  assert.equal(cmd.path, "/configs/update-IPBS.htm");
  // A.1.4: "http://192.168.0.10/firm/" … "IPBS2: http://192.168.0.10/firm/ipbs2.bin".
  const firm = withDefaultFile(parseUpdateUrl("http://192.168.0.10/firm/", "w"), firmwareFileName("IPBS2"));
  assert.equal(urlForLog(firm), "http://192.168.0.10/firm/ipbs2.bin");
  // Otherwise the URL is used as it is (the extension "is irrelevant", A.1.3).
  const named = parseUpdateUrl("http://1.2.3.4/configs/site", "w");
  assert.equal(withDefaultFile(named, "update-IPBS2.htm"), named);
  // An empty path is "/" (RFC 3986 §6.2.3), so it gets the file too.
  assert.equal(withDefaultFile(parseUpdateUrl("http://1.2.3.4", "w"), "x.htm").text, "http://1.2.3.4/x.htm");
});

const VALUES: SaveUrlValues = {
  localTime: { year: 2004, month: 3, day: 19, hour: 16, minute: 25, second: 44 },
  mac: Mac.parse("00:90:33:03:0d:f0"),
  hardwareId: hardwareId("IPBS1", Mac.parse("00:90:33:03:0d:f0")),
  backupCount: 0,
};

test("scfg's #d #m #h as A.1.4's table shows them: 20040319-162544, 00-90-33-03-0d-f0, ipbs-03-0d-f0", () => {
  const { url, index } = substituteSaveUrl("http://192.168.0.10/saved/#h/#m-#d.txt", VALUES, "scfg");
  assert.equal(url.path, "/saved/ipbs-03-0d-f0/00-90-33-03-0d-f0-20040319-162544.txt");
  assert.equal(index, undefined);
  assert.equal(hardwareId("IPBS2", VALUES.mac), "ipbs2-03-0d-f0");
  const t = { year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5 };
  assert.equal(substituteSaveUrl("http://1.2.3.4/#d", { ...VALUES, localTime: t }, "w").url.path, "/20260102-030405");
});

test('#b<n> "loops over 0 .. n-1 for each backup": #h#b5.txt keeps "a backlog of 5 weeks" (App. A.1.4, A.1.5)', () => {
  const names = [0, 1, 2, 3, 4, 5, 6, 10].map((backupCount) => {
    const { url, index } = substituteSaveUrl(
      "http://192.168.0.10/configs/saved/#h#b5.txt",
      { ...VALUES, backupCount },
      "w",
    );
    return [url.path, index];
  });
  assert.deepEqual(names, [
    ["/configs/saved/ipbs-03-0d-f00.txt", 0],
    ["/configs/saved/ipbs-03-0d-f01.txt", 1],
    ["/configs/saved/ipbs-03-0d-f02.txt", 2],
    ["/configs/saved/ipbs-03-0d-f03.txt", 3],
    ["/configs/saved/ipbs-03-0d-f04.txt", 4],
    ["/configs/saved/ipbs-03-0d-f00.txt", 0],
    ["/configs/saved/ipbs-03-0d-f01.txt", 1],
    ["/configs/saved/ipbs-03-0d-f00.txt", 0],
  ]);
  assert.equal(substituteSaveUrl("http://1.2.3.4/b#b1", { ...VALUES, backupCount: 7 }, "w").url.path, "/b0");
});

test("scfg URLs: #b without n, #b0, a second #b and unknown # sequences are refused, with the password masked", () => {
  refused(
    () => substituteSaveUrl("http://1.2.3.4/#h#b.txt", VALUES, "scfg"),
    /^scfg: .*#b needs the number of backups/,
  );
  refused(() => substituteSaveUrl("http://1.2.3.4/#b0", VALUES, "w"), /#b needs the number/);
  refused(() => substituteSaveUrl("http://1.2.3.4/#b3#b3", VALUES, "w"), /#b is given twice/);
  refused(() => substituteSaveUrl("http://1.2.3.4/#x.txt", VALUES, "w"), /unknown sequence "#x"/);
  refused(() => substituteSaveUrl("http://1.2.3.4/a#", VALUES, "w"), /unknown sequence "#"/);
  refused(() => substituteSaveUrl("http://#h/a", VALUES, "w"), /no host names/);
  assert.throws(
    () => substituteSaveUrl("http://u:pw-9@1.2.3.4/#q", VALUES, "w"),
    (e: Error) => !e.message.includes("pw-9") && e.message.includes("********"),
  );
});
