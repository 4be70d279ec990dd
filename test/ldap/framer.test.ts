import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import { LdapFramer, peekMessage } from "../../src/ldap/framer.js";
import { LDAP_MAX_REQUEST_BYTES } from "../../src/ldap/limits.js";

/** An unbind request (RFC 4511 §4.3): 30 05 02 01 id 42 00. */
const unbind = (id: number) => Uint8Array.of(0x30, 0x05, 0x02, 0x01, id, 0x42, 0x00);
/** A message of `total` bytes with a long-form length of `octets` octets (its content is not looked at). */
function sized(total: number, octets = 4): Uint8Array {
  const content = total - 2 - octets;
  const out = new Uint8Array(total);
  out[0] = 0x30;
  out[1] = 0x80 | octets;
  for (let i = 0; i < octets; i++) out[2 + i] = (content >>> (8 * (octets - 1 - i))) & 0xff;
  return out;
}

test("messages are cut out of the stream whatever the chunks: several in one, one over many, byte by byte", () => {
  const stream = Uint8Array.from([...unbind(1), ...unbind(2), ...sized(300, 2), ...unbind(3)]);
  const whole = new LdapFramer().push(stream);
  assert.deepEqual(
    whole.map((f) => f.length),
    [7, 7, 300, 7],
  );
  const f = new LdapFramer();
  const bytewise = [...stream].flatMap((b) => f.push(Uint8Array.of(b)));
  assert.deepEqual(
    bytewise.map((x) => [...x]),
    whole.map((x) => [...x]),
  );
  assert.deepEqual(peekMessage(whole[3]!), { messageId: 3, op: 0x42 });
});

test(`a message of exactly ${LDAP_MAX_REQUEST_BYTES} bytes passes; one byte more is refused at its header`, () => {
  assert.equal(new LdapFramer().push(sized(LDAP_MAX_REQUEST_BYTES))[0]?.length, LDAP_MAX_REQUEST_BYTES);
  // Only the first 6 bytes of the oversized message are there: refused before the rest is waited for.
  assert.throws(
    () => new LdapFramer().push(sized(LDAP_MAX_REQUEST_BYTES + 1).subarray(0, 6)),
    (e: unknown) => {
      return e instanceof DecodeError && e.code === "LDAP_TOO_LARGE";
    },
  );
});

test("garbage is refused at once: another tag, the indefinite form, more than 4 length octets (RFC 4511 §5.1)", () => {
  for (const bad of [
    [0x04, 0x01, 0x00],
    [0x30, 0x80],
    [0x30, 0x85, 0, 0, 0, 0, 1],
    [0x47, 0x45, 0x54, 0x20],
  ])
    assert.throws(
      () => new LdapFramer().push(Uint8Array.from(bad)),
      (e: unknown) => e instanceof DecodeError && e.code === "LDAP_FRAME",
      JSON.stringify(bad),
    );
  assert.deepEqual(new LdapFramer().push(Uint8Array.of(0x30)), [], "one byte: wait for more");
});

test("peekMessage reads messageID and op, or gives up on a message it cannot read", () => {
  assert.deepEqual(peekMessage(Uint8Array.of(0x30, 0x08, 0x02, 0x02, 0x01, 0x00, 0x60, 0x02, 0x02, 0x01)), {
    messageId: 256,
    op: 0x60,
  });
  assert.equal(peekMessage(Uint8Array.of(0x30, 0x03, 0x04, 0x01, 0x00)), undefined);
  assert.equal(peekMessage(Uint8Array.of(0x30, 0x03, 0x02, 0x05, 0x00)), undefined);
});
