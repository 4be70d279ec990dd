/** The pure parts of sending (src/logging/delivery.ts): bounded queue, backoff, octet counting, the HTTP GET target. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  httpLogTarget,
  MAX_QUEUED,
  nextBackoff,
  octetCounted,
  OutQueue,
  RECONNECT_MAX_MS,
  RECONNECT_MIN_MS,
} from "../../src/logging/delivery.js";

test("a full queue drops its oldest entry and counts it, so a dead server never grows memory", () => {
  const q = new OutQueue<number>();
  for (let i = 0; i < MAX_QUEUED + 3; i++) q.push(i);
  assert.equal(q.length, MAX_QUEUED);
  assert.equal(q.dropped, 3);
  assert.equal(q.shift(), 3);
});

test("reconnect waits 1 s, doubling, at most 60 s", () => {
  const waits = [0];
  for (let i = 0; i < 8; i++) waits.push(nextBackoff(waits.at(-1)!));
  assert.deepEqual(waits.slice(1), [
    RECONNECT_MIN_MS,
    2000,
    4000,
    8000,
    16000,
    32000,
    RECONNECT_MAX_MS,
    RECONNECT_MAX_MS,
  ]);
});

test("octet counting: MSG-LEN in octets, a space, the message (RFC 6587 §3.4.1)", () => {
  const m = new TextEncoder().encode("<14>1 - - - - - - \u{FEFF}é");
  assert.equal(new TextDecoder().decode(octetCounted(m)), `${m.length} <14>1 - - - - - - \u{FEFF}é`);
  assert.equal(m.length, 23);
});

test("HTTP GET target: the Path, event=syslog and the entry URL-encoded in msg, without its BOM (§4.9.2 example)", () => {
  const m = new TextEncoder().encode('<130>1 - h ipdect - ALARM [ipdect@99999 code="0x1"] \u{FEFF}a&b=c');
  assert.equal(
    httpLogTarget("/cdr/cdrwrite.asp", m),
    "/cdr/cdrwrite.asp?event=syslog&msg=%3C130%3E1%20-%20h%20ipdect%20-%20ALARM%20%5Bipdect%4099999%20code%3D%220x1%22%5D%20a%26b%3Dc",
  );
});
