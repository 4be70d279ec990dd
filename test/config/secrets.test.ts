import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { FieldReader } from "../../src/core/config/FieldReader.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { masked, SECRET_MASK, unmasked, type Secret } from "../../src/core/config/secrets.js";
import { ConfigError } from "../../src/core/errors.js";

const SECRETS: readonly Secret[] = [{ path: ["server", "password"] }, { path: ["url"], url: true }];
const r = () => new FieldReader(locatorWithoutLines("request body"));

describe("secrets of the configuration: masked in answers, kept by a change that sends the mask (§3.4.3)", () => {
  test("masking replaces each secret that is there, copies only along its path and leaves the input alone", () => {
    const value = { server: { user: "u", password: "pw-1" }, other: { a: 1 }, url: "http://u:pw-2@host:80/p?q#f" };
    const out = masked(value, SECRETS);
    assert.deepEqual(out, {
      server: { user: "u", password: SECRET_MASK },
      other: { a: 1 },
      url: `http://u:${SECRET_MASK}@host:80/p?q#f`,
    });
    assert.equal(value.server.password, "pw-1");
    assert.equal(out.other, value.other);
    assert.deepEqual(masked({ user: "u" }, SECRETS), { user: "u" }, "an absent part stays absent");
  });

  test("a URL is masked only where its userinfo holds a password (RFC 3986 §3.2.1)", () => {
    for (const url of ["http://host/p", "http://u@host/", "http://u:@host/", "mailto:a:b@c", "http://host/a:b@c"])
      assert.equal(masked({ url }, SECRETS).url, url);
  });

  test("the mask sent back is the stored secret; anything else is taken as given", () => {
    const stored = { server: { password: "pw-1" }, url: "http://u:pw-2@old/" };
    const given = { server: { password: SECRET_MASK }, url: `http://v:${SECRET_MASK}@new/` };
    assert.deepEqual(unmasked(given, stored, SECRETS, r()), {
      server: { password: "pw-1" },
      url: "http://v:pw-2@new/",
    });
    const fresh = { server: { password: "pw-3" }, url: "http://new/" };
    assert.deepEqual(unmasked(fresh, stored, SECRETS, r()), fresh);
  });

  test("a mask where nothing is stored is refused at its field, never keeping the mask as a secret", () => {
    const refused = (given: unknown, stored: unknown, field: string) =>
      assert.throws(
        () => unmasked(given, stored, SECRETS, r()),
        (e: unknown) => e instanceof ConfigError && e.code === ConfigCode.SecretMask && e.message.includes(field),
      );
    refused({ server: { password: SECRET_MASK } }, undefined, "server.password");
    refused({ url: `http://u:${SECRET_MASK}@h/` }, { url: "http://h/" }, "url");
  });
});
