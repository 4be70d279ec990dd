import assert from "node:assert/strict";
import { test } from "node:test";
import { COMMANDS } from "../../src/mgmt/commands/index.js";

const show = COMMANDS.find((c) => c.name === "config")!.ctl!.text!;

test("ctl config prints Config Show (§4.23.6) as native text, the pending configuration after a comment line", () => {
  const running = "config change SNMP0 /enable\nconfig write\nconfig activate\n";
  assert.equal(show({ running }, {}), running);
  const pending = "config change SNMP0 /enable /port 1161\nconfig write\nconfig activate\n";
  assert.equal(
    show({ running, pending }, {}),
    `${running}# pending, in force after the next reset (§4.18.1)\n${pending}`,
  );
});
