import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IoError } from "../../src/core/errors.js";
import { factoryFirmware } from "../../src/device/updateService.js";
import type { ConfigXml } from "../../src/provisioning/configXml.js";
import { ProvisioningClient, type FileOutcome } from "../../src/provisioning/ProvisioningClient.js";
import type { ProvisioningSettings } from "../../src/provisioning/settings.js";
import { UpdateCode } from "../../src/update/errors.js";
import { FirmwareBanks } from "../../src/update/FirmwareBanks.js";
import { buildImage } from "../../src/update/image.js";
import { urlForLog, type UpdateUrl } from "../../src/update/updateUrl.js";
import type { ConfigUser } from "../../src/users/configUser.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";

const text = (s: string) => new TextEncoder().encode(s);
const image = (version: string) => buildImage({ product: "IPBS2", version, serial: version }, text(`fw ${version}`));
const SETTINGS: ProvisioningSettings = {
  method: "static",
  url: "http://10.0.0.8/prov/",
  intervalMinutes: 0,
  checkSync: "update",
  importConfig: true,
  importUsers: true,
  firmware: "ipbs2.bin",
};
const CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<config><snmp><syscontact>ops@example.com</syscontact></snmp><rfp><auto><enable>true</enable></auto></rfp></config>`;
const USERS = `<?xml version="1.0" encoding="UTF-8"?>
<users><user><username>1001</username><name>Ann</name></user><user><username>1002</username><disabled>true</disabled></user></users>`;

/**
 * What one check does (seed 002 "Upgrading Firmware"), on a fake device with an IPBS2's banks: the files from a map
 * (absent: 404), the configuration and users it would apply recorded.
 */
async function device(settings: Partial<ProvisioningSettings> = {}) {
  const f = fakeRoleIo({ kind: "IPBS", mac: "00:13:d1:80:00:32" });
  const files = new Map<string, Uint8Array>();
  const gets: string[] = [];
  const fetcher = {
    get: async (url: UpdateUrl) => {
      gets.push(url.path);
      const file = files.get(url.path);
      // As the real fetchers say it: the URL without its password (urlForLog).
      if (file === undefined) throw new IoError(UpdateCode.UpNotFound, `${urlForLog(url)}: HTTP 404 Not Found`);
      return file;
    },
    put: async () => undefined,
  };
  const banks = new FirmwareBanks(f.io.store, factoryFirmware("IPBS"));
  await banks.boot();
  const configs: ConfigXml[] = [];
  const users: (readonly ConfigUser[])[] = [];
  const client = await ProvisioningClient.start({
    io: f.io,
    fetcher,
    banks,
    settings: () => ({ ...SETTINGS, ...settings }),
    dhcpServer: () => undefined,
    applyConfig: async (c) => void configs.push(c),
    replaceUsers: async (u) => (users.push(u), true),
    reset: () => undefined,
  });
  const outcome = (file: string): FileOutcome | undefined => client.lastCheck?.files.find((o) => o.file === file);
  return { ...f, client, files, gets, banks, configs, users, outcome };
}

describe("firmware (seed 002 Firmware Update)", () => {
  test("a .ver equal to the running version: the image is not downloaded", async () => {
    const d = await device({ importConfig: false, importUsers: false });
    d.files.set("/prov/ipbs2.bin.ver", text("0.1.0\n"));
    d.files.set("/prov/ipbs2.bin", image("0.1.0"));
    assert.equal(await d.client.check("operator"), undefined);
    assert.deepEqual(d.gets, ["/prov/ipbs2.bin.ver"]);
    assert.equal(d.outcome("ipbs2.bin")?.result, "unchanged");
  });

  test("another version: the image goes to the other bank and the device reboots at once", async () => {
    const d = await device();
    d.files.set("/prov/ipbs2.bin.ver", text("0.2.0"));
    d.files.set("/prov/ipbs2.bin", image("0.2.0"));
    d.files.set("/prov/0013d1800032-config.xml", text(CONFIG));
    const due = await d.client.check("boot");
    assert.deepEqual(due, { mode: "immediate", reason: "provisioning: firmware 0.2.0" });
    assert.equal((await d.banks.banks()).next, "B");
    assert.deepEqual(d.gets, ["/prov/ipbs2.bin.ver", "/prov/ipbs2.bin"], "users and config wait for the boot check");
  });

  test("an image whose version is not its .ver's: refused, nothing written (it would come again every boot)", async () => {
    const d = await device({ importConfig: false, importUsers: false });
    d.files.set("/prov/ipbs2.bin.ver", text("0.3.0"));
    d.files.set("/prov/ipbs2.bin", image("0.2.9"));
    assert.equal(await d.client.check("operator"), undefined);
    assert.equal(d.outcome("ipbs2.bin")?.result, "failed");
    assert.match(d.outcome("ipbs2.bin")?.reason ?? "", /PROV_FIRMWARE_VERSION/);
    assert.equal((await d.banks.banks()).next, undefined);
  });

  test("a damaged image: IMAGE_CHECKSUM, nothing written", async () => {
    const d = await device({ importConfig: false, importUsers: false });
    const bad = image("0.2.0");
    bad[bad.length - 1]! ^= 0xff;
    d.files.set("/prov/ipbs2.bin.ver", text("0.2.0"));
    d.files.set("/prov/ipbs2.bin", bad);
    await d.client.check("operator");
    assert.match(d.outcome("ipbs2.bin")?.reason ?? "", /IMAGE_CHECKSUM/);
    assert.equal((await d.banks.banks()).next, undefined);
  });

  test("no .ver on the server: not-found, and the check goes on with users and configuration", async () => {
    const d = await device();
    await d.client.check("operator");
    assert.deepEqual(
      d.client.lastCheck?.files.map((o) => [o.file, o.result]),
      [
        ["ipbs2.bin.ver", "not-found"],
        ["0013d1800032-users.xml", "not-found"],
        ["0013d1800032-config.xml", "not-found"],
      ],
    );
  });
});

describe("configuration and users (seed 002 Configuration Update, User List Update)", () => {
  test("a new configuration file is applied and asks for a reset; the same file again does nothing", async () => {
    const d = await device({ firmware: undefined, importUsers: false });
    d.files.set("/prov/0013d1800032-config.xml", text(CONFIG));
    assert.deepEqual(await d.client.check("operator"), {
      mode: "idle",
      reason: "provisioning: 0013d1800032-config.xml",
    });
    assert.deepEqual(d.configs[0]?.patch, { snmp: { contact: "ops@example.com" } });
    assert.deepEqual(d.client.vars.notModelled, ["config/rfp/auto/enable"]);
    assert.equal(await d.client.check("interval"), undefined);
    assert.equal(d.outcome("0013d1800032-config.xml")?.result, "unchanged");
    assert.equal(d.configs.length, 1);
  });

  test("a malformed file and a schema error: failed with where and why, nothing applied, nothing remembered", async () => {
    const d = await device({ firmware: undefined, importUsers: false });
    d.files.set("/prov/0013d1800032-config.xml", text("<config><snmp></config>"));
    assert.equal(await d.client.check("operator"), undefined);
    assert.match(d.outcome("0013d1800032-config.xml")?.reason ?? "", /PROV_XML/);
    d.files.set("/prov/0013d1800032-config.xml", text("<config><snmp><nonsense>1</nonsense></snmp></config>"));
    await d.client.check("operator");
    assert.match(d.outcome("0013d1800032-config.xml")?.reason ?? "", /PROV_XML_SCHEMA.*config\/snmp\/nonsense/s);
    assert.equal(d.configs.length, 0);
    assert.equal(d.client.vars.config, undefined);
  });

  test("users replace the directory's live (no reset); disabled users are left out; the same file does nothing", async () => {
    const d = await device({ firmware: undefined, importConfig: false });
    d.files.set("/prov/0013d1800032-users.xml", text(USERS));
    assert.equal(await d.client.check("operator"), undefined, "no reset for users");
    assert.deepEqual(
      d.users[0]?.map((u) => u.number),
      ["1001"],
    );
    assert.match(d.outcome("0013d1800032-users.xml")?.reason ?? "", /1 users; 1 disabled left out \(1002\)/);
    await d.client.check("operator");
    assert.equal(d.outcome("0013d1800032-users.xml")?.result, "unchanged");
    assert.equal(d.users.length, 1);
  });

  test("events: one per file and one for the check, URLs without the password", async () => {
    const d = await device({ firmware: undefined, url: "ftp://prov:s3cret@10.0.0.8/p" });
    await d.client.check("check-sync");
    const events = d.events.filter((e) => e.kind === "provisioning");
    assert.deepEqual(
      events.map((e) => [e["action"], e["result"]]),
      [
        ["firmware", "skipped"],
        ["users", "not-found"],
        ["config", "not-found"],
        ["check", "done"],
      ],
    );
    assert.ok(!JSON.stringify(events).includes("s3cret"));
    assert.equal(events[3]?.["url"], "ftp://prov@10.0.0.8/p");
  });
});
