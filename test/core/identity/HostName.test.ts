import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { DEVICE_MODELS, HostName, Mac, type DeviceModel } from "../../../src/core/identity/index.js";
import { assertRejects } from "./helpers.js";

const MAC = Mac.parse("00:90:33:0A:0B:0C");

test("§3.2: the host name is the model prefix plus the last 3 MAC bytes in lower-case hex", () => {
  const expected: Record<DeviceModel, string> = {
    IPBS1: "ipbs-0a-0b-0c",
    IPBS2: "ipbs2-0a-0b-0c",
    IPBS3: "ipbs3-0a-0b-0c",
    IPBL: "ipbl-0a-0b-0c",
    // The manual names no IPVM host; ipvm- is our documented choice.
    IPVM: "ipvm-0a-0b-0c",
  };
  for (const model of DEVICE_MODELS) {
    const name = HostName.for(model, MAC);
    assert.equal(name.toString(), expected[model]);
    assert.equal(name.model, model);
    assert.equal(name.macSuffix, "0a-0b-0c");
  }
});

test("App. A: MAC 00-90-33-03-0d-f0 has hardware id ipbs-03-0d-f0 (IPBS1)", () => {
  const mac = Mac.parse("00-90-33-03-0d-f0");
  assert.equal(HostName.for("IPBS1", mac).toString(), "ipbs-03-0d-f0");
  const parsed = HostName.parse("ipbs-03-0d-f0");
  assert.equal(parsed.model, "IPBS1");
  assert.equal(parsed.macSuffix, "03-0d-f0");
  assert.ok(parsed.matches(mac));
});

test("§4.11.1: names written in capitals (IPBS3-25-ec-3d, IPBL-30-00-20) parse and print in lower case", () => {
  const ipbs3 = HostName.parse("IPBS3-25-ec-3d");
  assert.equal(ipbs3.model, "IPBS3");
  assert.equal(ipbs3.toString(), "ipbs3-25-ec-3d");
  const ipbl = HostName.parse("IPBL-30-00-20");
  assert.equal(ipbl.model, "IPBL");
  assert.equal(ipbl.macSuffix, "30-00-20");
  assert.equal(HostName.parse("ipbs2-AB-CD-EF").toString(), "ipbs2-ab-cd-ef");
  assert.equal(HostName.parse("  ipvm-00-00-01 ").model, "IPVM");
});

test("a name matches only a MAC that ends in its three bytes", () => {
  const name = HostName.for("IPBL", MAC);
  assert.ok(name.matches(Mac.parse("ff:ff:ff:0a:0b:0c")));
  assert.ok(!name.matches(Mac.parse("00:90:33:0a:0b:0d")));
  assert.ok(!name.matches(Mac.parse("00:90:33:0c:0b:0a")));
});

test("equal names are equal; another model or suffix is not", () => {
  assert.ok(HostName.parse("IPBS2-0A-0B-0C").equals(HostName.for("IPBS2", MAC)));
  assert.ok(!HostName.for("IPBS2", MAC).equals(HostName.for("IPBS3", MAC)));
  assert.ok(!HostName.parse("ipbs2-0a-0b-0d").equals(HostName.for("IPBS2", MAC)));
});

test("an unknown model prefix is rejected and the message lists the known ones", () => {
  assertRejects(() => HostName.parse("ipbs4-0a-0b-0c"), "HOSTNAME_MODEL", /ipbs4.*ipbs, ipbs2, ipbs3, ipbl, ipvm/);
  assertRejects(() => HostName.parse("ipbs1-0a-0b-0c"), "HOSTNAME_MODEL");
  assertRejects(() => HostName.parse("router-0a-0b-0c"), "HOSTNAME_MODEL");
  assertRejects(() => HostName.for("IPBS4" as DeviceModel, MAC), "HOSTNAME_MODEL", /IPBS4/);
});

test("a name without exactly three hex byte pairs is rejected", () => {
  for (const text of [
    "",
    "ipbs",
    "ipbs-0a-0b",
    "ipbs-0a-0b-0c-0d",
    "ipbs-0a-0b-0g",
    "ipbs-a-0b-0c",
    "ipbs-0a0-b-0c",
    "ipbs_0a_0b_0c",
    "ipbs-0a:0b:0c",
    "ipbs-0a-0b-0c.example.com",
  ]) {
    assertRejects(() => HostName.parse(text), "HOSTNAME_SYNTAX");
  }
});

test("property: for(model, mac) → toString → parse gives an equal name", () => {
  fc.assert(
    fc.property(fc.constantFrom(...DEVICE_MODELS), fc.uint8Array({ minLength: 6, maxLength: 6 }), (model, bytes) => {
      const mac = Mac.fromBytes(bytes);
      const name = HostName.for(model, mac);
      const parsed = HostName.parse(name.toString());
      assert.ok(parsed.equals(name));
      assert.equal(parsed.model, model);
      assert.ok(parsed.matches(mac));
    }),
  );
});
