import assert from "node:assert/strict";
import { test } from "node:test";
import { updateSettingsInForce } from "../../src/device/updateService.js";
import type { DhcpAnswer } from "../../src/update/dhcpUpdate.js";

/** A DHCP answer with 215 and 216 (App. I.3), and 66 (which UP1 does not read). */
const dhcp: DhcpAnswer = {
  interface: "eth1",
  serverId: "10.0.0.1",
  receivedAt: 0,
  options: {
    routers: [],
    dnsServers: [],
    ntpServers: [],
    tftpServer: "tftp://10.0.0.1/prov",
    vendor: { updateUrl: "http://10.0.0.1/dhcp/", updatePollMinutes: 30 },
  },
};
const own = { url: "http://10.0.0.9/own/", pollMinutes: 15, noDhcp: false };

test("UP1 in force: DHCP's 215/216 over the configuration's, unless /no-dhcp (App. I.4); none configured: DHCP's", () => {
  assert.deepEqual(updateSettingsInForce(undefined, undefined, dhcp), {
    url: "http://10.0.0.1/dhcp/",
    pollMinutes: 30,
    noDhcp: false,
  });
  assert.deepEqual(updateSettingsInForce(own, undefined, dhcp), {
    url: "http://10.0.0.1/dhcp/",
    pollMinutes: 30,
    noDhcp: false,
  });
  assert.deepEqual(updateSettingsInForce({ ...own, noDhcp: true }, undefined, dhcp), { ...own, noDhcp: true });
  assert.deepEqual(updateSettingsInForce(own, undefined, undefined), own);
  // No update section and no DHCP: no URL, the device does not poll.
  assert.equal(updateSettingsInForce(undefined, undefined, undefined).url, undefined);
});

test("a PARI Master's Radio Config wins over DHCP too (§4.6.33: precedence over values received via DHCP options)", () => {
  const pushed = { updateUrl: "http://10.0.0.5/radio-config/", updatePoll: "60" };
  assert.deepEqual(updateSettingsInForce(own, pushed, dhcp), {
    url: "http://10.0.0.5/radio-config/",
    pollMinutes: 60,
    noDhcp: false,
  });
  // Radio Config without an interval: DHCP's 216 stays.
  assert.equal(updateSettingsInForce(own, { updateUrl: "http://10.0.0.5/rc/" }, dhcp).pollMinutes, 30);
});
