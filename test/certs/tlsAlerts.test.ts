/**
 * Remote TLS alerts (§6.2 0x000c02xx = 0x000c0200 + the AlertDescription the peer sent, RFC 5246 §7.2): the code of
 * each alert, the nearest listed code for the alerts TLS 1.3 added, and how the device's TLS policy raises and clears
 * them: one alarm per peer, cleared when that peer takes a handshake of the device, at most MAX_ALERT_PEERS peers.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alertText, REMOTE_ALERT_ALARMS, remoteAlertAlarm } from "../../src/certs/tlsAlerts.js";
import { MAX_ALERT_PEERS, tlsPolicy } from "../../src/certs/tlsContext.js";
import { storeRig } from "./helpers.js";

const hex = (code: number | undefined) => (code === undefined ? "none" : `0x${code.toString(16).padStart(8, "0")}`);

describe("remote TLS alerts (§6.2 0x000c02xx)", () => {
  test("an alert §6.2 lists is 0x000c0200 + its number: unknown_ca 48 → 0x000c0230, handshake_failure 40 → 0x000c0228", () => {
    assert.equal(hex(remoteAlertAlarm(48)), "0x000c0230");
    assert.equal(hex(remoteAlertAlarm(40)), "0x000c0228");
    assert.equal(hex(remoteAlertAlarm(100)), "0x000c0264");
    assert.equal(REMOTE_ALERT_ALARMS.length, 23);
    assert.ok(REMOTE_ALERT_ALARMS.every((c) => c >>> 8 === 0x000c02));
  });

  test("TLS 1.3's alerts take the listed one that says the same; close_notify is no alarm", () => {
    assert.equal(hex(remoteAlertAlarm(116)), "0x000c0229", "certificate_required: No certificate");
    assert.equal(hex(remoteAlertAlarm(113)), "0x000c022a", "bad_certificate_status_response: Bad certificate");
    assert.equal(hex(remoteAlertAlarm(86)), "0x000c0246", "inappropriate_fallback: Protocol version");
    assert.equal(hex(remoteAlertAlarm(120)), "0x000c0228", "no_application_protocol: Handshake failure");
    assert.equal(hex(remoteAlertAlarm(255)), "0x000c0228", "an unassigned number");
    assert.equal(remoteAlertAlarm(0), undefined);
    assert.equal(alertText(116), "certificate_required (116)");
    assert.equal(alertText(200), "unassigned (200)");
  });

  test("one alarm per peer: a new alert replaces the last, the peer's good handshake clears it, others stay", async () => {
    const rig = await storeRig();
    const policy = tlsPolicy(rig.certs, rig.alarms);
    const active = () => rig.alarms.active().map((a) => `${a.code} ${a.source}`);
    policy.peerAlert(48, "https client 10.0.0.7");
    policy.peerAlert(48, "https client 10.0.0.7");
    policy.peerAlert(40, "10.0.0.9:5061");
    assert.deepEqual(active(), ["0x000c0230 https client 10.0.0.7", "0x000c0228 10.0.0.9:5061"]);
    policy.peerAlert(42, "https client 10.0.0.7");
    assert.deepEqual(active(), ["0x000c0228 10.0.0.9:5061", "0x000c022a https client 10.0.0.7"]);
    policy.acceptedBy("https client 10.0.0.7");
    policy.accepted("10.0.0.9:5061");
    assert.deepEqual(active(), ["0x000c0228 10.0.0.9:5061"], "trusting the server is not its taking the device");
    policy.peerAlert(0, "10.0.0.9:5061");
    assert.deepEqual(active(), ["0x000c0228 10.0.0.9:5061"], "close_notify changes nothing");
    const cleared = rig.events.filter((e) => e.kind === "alarm-cleared").length;
    policy.acceptedBy("https client 10.0.0.8");
    assert.equal(rig.events.filter((e) => e.kind === "alarm-cleared").length, cleared);
  });

  test(`at most ${MAX_ALERT_PEERS} peers alarmed: one more clears the peer that alerted longest ago`, async () => {
    const rig = await storeRig();
    const policy = tlsPolicy(rig.certs, rig.alarms);
    for (let i = 1; i <= MAX_ALERT_PEERS + 1; i++) policy.peerAlert(48, `https client 10.0.1.${i}`);
    const sources = rig.alarms.active().map((a) => a.source);
    assert.equal(sources.length, MAX_ALERT_PEERS);
    assert.ok(!sources.includes("https client 10.0.1.1"));
    assert.ok(sources.includes(`https client 10.0.1.${MAX_ALERT_PEERS + 1}`));
  });
});
