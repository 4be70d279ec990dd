import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readDhcpOptions } from "../../src/update/dhcpOptions.js";
import { dhcpAnswerShown, dhcpUpdateOptions, updateFromDhcp } from "../../src/update/dhcpUpdate.js";
import type { UpdateSettings } from "../../src/update/settings.js";
import { ascii, dhcpAnswer, opt } from "./dhcpBytes.js";

const CONFIG: UpdateSettings = { url: "http://10.0.0.9/configs/", pollMinutes: 15, noDhcp: false };
const DHCP_URL = "http://192.168.0.10/file.txt";

describe("updateFromDhcp (App. I.3, I.4)", () => {
  test('without /no-dhcp, DHCP\'s "Update URL [215]" and "Update Poll Interval [216]" are used over the config file\'s', () => {
    assert.deepEqual(updateFromDhcp(CONFIG, { url: DHCP_URL, pollMinutes: 60 }), {
      url: DHCP_URL,
      pollMinutes: 60,
      noDhcp: false,
    });
  });

  test('I.4 "config change UP1 /no-dhcp": "The update server uses the config files configuration … (215 and 216 are ignored)"', () => {
    const noDhcp = { ...CONFIG, noDhcp: true };
    assert.equal(updateFromDhcp(noDhcp, { url: DHCP_URL, pollMinutes: 60 }), noDhcp);
    assert.deepEqual(updateFromDhcp({ pollMinutes: 15, noDhcp: true }, { url: DHCP_URL }), {
      pollMinutes: 15,
      noDhcp: true,
    });
  });

  test("each option replaces only its own parameter: 215 the /url, 216 the /poll", () => {
    assert.deepEqual(updateFromDhcp(CONFIG, { url: DHCP_URL }), { url: DHCP_URL, pollMinutes: 15, noDhcp: false });
    assert.deepEqual(updateFromDhcp(CONFIG, { pollMinutes: 5 }), { ...CONFIG, pollMinutes: 5 });
  });

  test("no update section: DHCP's URL alone makes the device poll, at the default interval of A.1.3 (15 min)", () => {
    assert.deepEqual(updateFromDhcp(undefined, { url: DHCP_URL }), { url: DHCP_URL, pollMinutes: 15, noDhcp: false });
    assert.equal(updateFromDhcp(undefined, {}), undefined);
    assert.equal(updateFromDhcp(undefined, undefined), undefined);
  });

  test("no DHCP answer, or one without 215/216, keeps the configuration; options 66 and 67 do not touch UP1", () => {
    assert.equal(updateFromDhcp(CONFIG, undefined), CONFIG);
    assert.deepEqual(updateFromDhcp(CONFIG, { tftpServer: "tftp://10.0.0.1/", bootfile: "x.cfg" }), CONFIG);
  });

  test("216 = 0 fits a Word but is no interval (§4.9.1: 1..65535 minutes): the configuration's stays", () => {
    assert.deepEqual(updateFromDhcp(CONFIG, { url: DHCP_URL, pollMinutes: 0 }), { ...CONFIG, url: DHCP_URL });
  });
});

test("dhcpUpdateOptions picks 215, 216, 66 and 67 out of a DHCP answer", () => {
  const o = readDhcpOptions(
    dhcpAnswer([
      ...opt(215, ascii(DHCP_URL)),
      ...opt(216, [0, 30]),
      ...opt(66, ascii("tftp://10.0.0.1/prov")),
      ...opt(67, ascii("boot.cfg")),
      ...opt(206, [0, 7]),
      255,
    ]),
  );
  assert.deepEqual(dhcpUpdateOptions(o), {
    url: DHCP_URL,
    pollMinutes: 30,
    tftpServer: "tftp://10.0.0.1/prov",
    bootfile: "boot.cfg",
  });
  assert.deepEqual(dhcpUpdateOptions(readDhcpOptions(dhcpAnswer([255]))), {});
});

test("the status shows a DHCP answer with the passwords of 66 and 215 masked, the rest as it came", () => {
  const answer = {
    interface: "eth1",
    serverId: "10.0.0.1",
    receivedAt: 0,
    options: {
      routers: [],
      dnsServers: [],
      ntpServers: [],
      tftpServer: "https://prov:s3cret@10.0.0.1/prov",
      vendor: { updateUrl: "http://up:pw1@10.0.0.1/up/", updatePollMinutes: 30 },
    },
  };
  const shown = dhcpAnswerShown(answer)!;
  assert.equal(shown.options.tftpServer, "https://prov:********@10.0.0.1/prov");
  assert.deepEqual(shown.options.vendor, { updateUrl: "http://up:********@10.0.0.1/up/", updatePollMinutes: 30 });
  assert.equal(answer.options.vendor.updateUrl, "http://up:pw1@10.0.0.1/up/", "the answer itself is kept");
  const plain = { ...answer, options: { ...answer.options, tftpServer: "10.0.0.1", vendor: {} } };
  assert.deepEqual(dhcpAnswerShown(plain), plain);
  assert.equal(dhcpAnswerShown(undefined), undefined);
});
