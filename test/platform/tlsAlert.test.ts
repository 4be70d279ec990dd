/**
 * Reading the alert a TLS peer sent from the error Node reports (OpenSSL 3's texts as Node 20 gives them, taken from
 * real handshakes with curl and openssl s_server), and nothing from errors that are not a received alert.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { receivedAlert } from "../../src/platform/node/tlsAlert.js";

const error = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe("the alert a TLS peer sent, from OpenSSL's error", () => {
  test("'SSL alert number N' gives N: curl's unknown_ca, s_server's handshake_failure", () => {
    const curl =
      "800CA622EB7F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:" +
      "../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 48\n";
    assert.equal(receivedAlert(error(curl, "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA")), 48);
    const sServer =
      "805CA288A67F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:" +
      "../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40";
    assert.equal(receivedAlert(error(sServer)), 40);
  });

  test("without the number, the reason code tells it: SSL_AD_REASON_OFFSET + the alert (0x45c = 1116: certificate_required)", () => {
    assert.equal(receivedAlert(error("C0:error:0A00045C:SSL routines::tlsv13 alert certificate required")), 116);
  });

  test("our own refusals, resets and other libraries' errors are no received alert", () => {
    assert.equal(receivedAlert(error("C0:error:0A000086:SSL routines::certificate verify failed")), undefined);
    assert.equal(receivedAlert(error("C0:error:0A0000C1:SSL routines::no shared cipher")), undefined);
    assert.equal(receivedAlert(error("C0:error:1E08010C:DECODER routines::unsupported")), undefined);
    assert.equal(receivedAlert(error("read ECONNRESET", "ECONNRESET")), undefined);
    assert.equal(receivedAlert("SSL alert number 48"), undefined);
    assert.equal(receivedAlert(error("SSL alert number 999")), undefined);
  });
});
