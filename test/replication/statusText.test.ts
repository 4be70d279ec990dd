import assert from "node:assert/strict";
import { test } from "node:test";
import { replicatorStatusText } from "../../src/replication/statusText.js";

test("ctl ldap-replicator prints the §4.5.4 page: Server, state, Remote and Local columns with their counters", () => {
  const text = replicatorStatusText({
    type: "ad",
    server: "10.0.0.1:389",
    state: "up",
    remote: { state: "completed", notify: 3, paged: 4010, noMatch: 1, discarded: 10 },
    local: { state: "completed", notify: 0, add: 4000, del: 2, modify: 1, pending: 0 },
  });
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, 13);
  assert.match(lines[0]!, /^Server +10\.0\.0\.1:389$/);
  assert.match(lines[1]!, /^Active Directory Replication +up$/);
  assert.match(lines[5]!, /^ {2}No match +1$/);
  assert.match(lines[9]!, /^ {2}Add +4000$/);
  assert.equal(replicatorStatusText({ state: "stopped" }), "Replicator                    stopped\n");
});
