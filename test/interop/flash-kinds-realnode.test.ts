/**
 * Configuration on flash (issue 18, §4.14, §4.24) on a real `ipdect node`: every kind of setting the management API
 * changes (test/helpers/settingKinds.ts) survives a kill -9 of the process. One process runs one IPBS: a Master (PARI,
 * users, gatekeeper, LDAP, SNMP, a real MIT Kerberos server and client of its own realm) with its own radio, as a
 * small site has. Each row changes its setting over HTTP as `ipdect ctl` would, applies it with a reset where the
 * setting waits for one, and the process is killed and started again with the same `--config` and `--data-dir`: the
 * new value is in force, and so is every earlier row's (a later change or reset loses none). The `pending` rows are
 * killed between the write and the reset: the start puts the pending configuration in force.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { makeCa, Workdir } from "../certs/helpers.js";
import { freePort, freeUdpPort } from "../helpers/foregroundProcess.js";
import { realmPorts } from "../helpers/kerberos.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { HTTP_PORT, NodeProcesses } from "../helpers/nodes.js";
import { expect, settingKinds, type Answer, type Api, type KindsContext } from "../helpers/settingKinds.js";

const REALM = "FLASH.TEST";

describe("real node: every setting kind survives a kill -9 of the process (§4.14, §4.24)", () => {
  const ip = loopbackBlock();
  const DEVICE = ip(1);
  const nodes = new NodeProcesses();
  const w = new Workdir();
  makeCa(w, "flashca");
  const ctx: KindsContext & { sparePort: number } = {
    trustPem: w.text("flashca.pem"),
    realm: REALM,
    sparePort: 0,
    login: { user: "admin", password: "changeme" },
  };
  const api: Api = async (method, path, body) => {
    const auth = Buffer.from(`${ctx.login.user}:${ctx.login.password}`).toString("base64");
    const res = await fetch(`http://${DEVICE}:${HTTP_PORT}${path}`, {
      method,
      headers: { authorization: `Basic ${auth}` },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // A document (PEM, CSV): its text.
    }
    return { status: res.status, json } satisfies Answer;
  };

  before(async () => {
    const p = await realmPorts(DEVICE);
    ctx.sparePort = await freePort(DEVICE);
    const server = `{ realm: ${REALM}, port: ${p.port}, adminPort: ${p.adminPort}, passwordPort: ${p.passwordPort}, propPort: ${p.propPort} }`;
    const row = `{ realm: ${REALM}, address: ${DEVICE}, port: ${p.port}, adminPort: ${p.adminPort} }`;
    // One device with every role, so each start builds one HTTP API, not one per device.
    const yaml = `{ name: flash-site, kind: IPBS, mac: "00:90:33:23:00:01", ip: ${DEVICE}, master: { mode: active },
  pari: {}, radio: { master: ${DEVICE} }, position: { x: 1, y: 1 }, gatekeeper: { proxy: 127.0.0.9 },
  ldap: { server: { user: ldap-user, password: ldap-secret, port: ${await freePort(DEVICE)} } },
  snmp: { enabled: true, port: ${await freeUdpPort(DEVICE)}, community: flash-ro },
  kerberos: { server: ${server}, client: { servers: [${row}] } } }
`;
    await nodes.start("node", yaml);
  });
  after(async () => {
    await nodes.close();
    w.close();
  });

  const kinds = settingKinds(ctx);
  const done: typeof kinds = [];
  for (const k of kinds)
    test(`${k.kind} (${k.apply})`, async () => {
      await assert.rejects(k.check(api), "not so before the change: the check can fail");
      await k.change(api);
      if (k.apply === "reset") expect(await api("POST", "/api/reset?mode=immediate"), 200, "POST /api/reset");
      if (k.apply !== "pending") await k.check(api);
      await nodes.kill("node");
      await nodes.start("node");
      await k.check(api);
      for (const earlier of done) await earlier.check(api);
      done.push(k);
    });
});
