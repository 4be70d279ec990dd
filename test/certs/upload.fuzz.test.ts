import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { SeededRng } from "../../src/core/Rng.js";
import { handleApi } from "../helpers/api.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { startFleet } from "../helpers/sim.js";
import { makeCa, makeLeaf, mutate, openssl, text, Workdir } from "./helpers.js";

const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
const INPUTS = 2400;

describe("certificate upload fuzz (issue 15: at least 2000 inputs)", async () => {
  const w = new Workdir();
  const fleet = await startFleet(redundancyFleetYaml({ radios: 1, mode: "standby" }));
  after(() => {
    w.close();
    return fleet.close();
  });
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  makeCa(w);
  makeLeaf(w, "leaf");
  openssl(w, ["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"]);
  const p12 = (name: string, legacy: boolean) => {
    const args = ["pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem"];
    openssl(w, [...args, "-out", name, "-passout", "pass:pw", ...(legacy ? ["-legacy"] : [])]);
    return w.read(name);
  };
  const seeds = [
    text(w.text("ca.pem")),
    text(w.text("ca.pem") + w.text("leaf.pem")),
    w.read("ca.der"),
    p12("new.p12", false),
    p12("old.p12", true),
  ];
  const ROUTES = [
    { method: "POST", path: "/api/certs/trust" },
    { method: "PUT", path: "/api/certs/device" },
    { method: "PUT", path: "/api/certs/device/pkcs12" },
  ];

  test(`${INPUTS} damaged PEM, DER and PKCS#12 uploads and random bytes: each taken whole or refused with a CERTS_ code; a refused one changes nothing`, async () => {
    const d = fleet.device("a");
    const post = (method: string, path: string, bytes: Uint8Array, password?: string) =>
      handleApi(ctx, {
        method,
        path,
        query: new URLSearchParams(password === undefined ? {} : { password }),
        authorization: ADMIN,
        body: "",
        bytes,
      });
    const csr = { method: "POST", path: "/api/certs/csr", query: new URLSearchParams(), authorization: ADMIN };
    assert.equal((await handleApi(ctx, { ...csr, body: JSON.stringify({ cn: "fuzz" }) })).status, 200);
    const state = async () => ({ device: await d.certificates().devicePem(), trust: d.certificates().trustPem() });
    const rng = new SeededRng("certs-fuzz");
    const codes = new Map<string, number>();
    let taken = 0;
    for (let i = 0; i < INPUTS; i++) {
      const bytes =
        rng.next() < 0.15
          ? Uint8Array.from({ length: rng.int(300) }, () => rng.int(256))
          : mutate(rng, seeds[rng.int(seeds.length)]!);
      const route = ROUTES[rng.int(ROUTES.length)]!;
      const before = await state();
      const r = await post(route.method, route.path, bytes, rng.next() < 0.7 ? "pw" : "other");
      if (r.status === 200) {
        taken++;
        continue;
      }
      const code = (r.body as { error: { code: string; message: string } }).error.code;
      assert.ok([400, 409].includes(r.status) && code.startsWith("CERTS_"), `input ${i}: ${r.status} ${code}`);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      assert.deepEqual(await state(), before, `input ${i} (${code}) changed the store`);
    }
    // The damage reaches every kind of refusal, and not everything is refused (a flip in text between PEM blocks).
    for (const code of [
      "CERTS_BAD_PEM",
      "CERTS_BAD_DER",
      "CERTS_BAD_PKCS12",
      "CERTS_UPLOAD_FORMAT",
      "CERTS_WRONG_PASSWORD",
    ])
      assert.ok((codes.get(code) ?? 0) > 0, `${code} never came: ${JSON.stringify([...codes])}`);
    assert.ok(taken > 0 && taken < INPUTS / 2, `${taken} taken`);
  });
});
