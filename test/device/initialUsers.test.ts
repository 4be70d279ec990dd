import assert from "node:assert/strict";
import { test } from "node:test";
import { startFleet } from "../helpers/sim.js";

const FLEET = `
devices:
  - name: master
    kind: IPVM
    mac: "00:90:33:10:00:01"
    ip: 10.0.0.1
    master: { mode: active }
    users:
      - { longName: Ann, number: "100" }
      - { longName: Bob, number: "101", authCode: "4321" }
`;

test("the configuration's users fill an empty directory at the first start; later boots keep the directory as it is", async () => {
  await using fleet = await startFleet(FLEET);
  const dir = () => fleet.device("master").directory();
  assert.deepEqual(
    dir().users.map((u) => [u.longName, u.number]),
    [
      ["Ann", "100"],
      ["Bob", "101"],
    ],
  );
  assert.equal(dir().findUser("number", "101")?.user.authCode, "4321");
  assert.match(dir().findUser("number", "100")!.user.authCode, /^\d{4}$/);
  await dir().removeUser("100");
  await fleet.device("master").reset("immediate");
  assert.deepEqual(
    dir().users.map((u) => u.longName),
    ["Bob"],
  );
});
