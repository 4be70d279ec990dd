import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LabNet } from "../../lab/nft.js";

/** The nft script of a lab's network state: the sim's partition, heal and loss as rules on loopback addresses. */
describe("LabNet: the lab's nft table", () => {
  const A = "127.0.1.1";
  const B = "127.0.2.1";
  const C = "127.0.2.2";

  test("no fault: the table is only deleted", () => {
    const net = new LabNet("ipdect_x", [A, B, C]);
    assert.equal(net.script(), "table inet ipdect_x\ndelete table inet ipdect_x\n");
  });

  test("a partition drops both directions between the groups; heal of those groups restores them", () => {
    const net = new LabNet("ipdect_x", [A, B, C]);
    net.partition([A], [B, C]);
    const script = net.script();
    for (const rule of [
      `ip saddr ${A} ip daddr ${B} drop`,
      `ip saddr ${B} ip daddr ${A} drop`,
      `ip saddr ${A} ip daddr ${C} drop`,
      `ip saddr ${C} ip daddr ${A} drop`,
    ])
      assert.ok(script.includes(rule), rule);
    assert.match(script, /type filter hook output priority 0; policy accept;/);
    net.heal([B], [A]);
    assert.ok(!net.script().includes(`daddr ${B} drop`));
    assert.ok(net.script().includes(`ip saddr ${A} ip daddr ${C} drop`));
    net.heal();
    assert.equal(net.script(), "table inet ipdect_x\ndelete table inet ipdect_x\n");
  });

  test("loss: fleet-wide between the lab's addresses; a link's own loss replaces it on that path", () => {
    const net = new LabNet("ipdect_x", [A, B]);
    net.loss(0.25);
    net.loss(0.5, [A, B]);
    const script = net.script();
    const link = script.indexOf(`ip saddr ${A} ip daddr ${B} numgen random mod 1000 < 500 drop`);
    const accept = script.indexOf(`ip saddr ${A} ip daddr ${B} accept`);
    const wide = script.indexOf(`ip saddr { ${A}, ${B} } ip daddr { ${A}, ${B} } numgen random mod 1000 < 250 drop`);
    assert.ok(link >= 0 && accept > link && wide > accept, script);
  });
});
