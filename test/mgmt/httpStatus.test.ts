import assert from "node:assert/strict";
import { test } from "node:test";
import { UnknownAlarmCodeError } from "../../src/core/coreErrors.js";
import { ConfigError, DecodeError, InternalError, IoError, IpdectError, StateError } from "../../src/core/errors.js";
import { DeviceCode } from "../../src/device/errors.js";
import { LdapFailure } from "../../src/ldap/errors.js";
import { ResultCode } from "../../src/ldap/resultCodes.js";
import { httpStatusOf } from "../../src/mgmt/httpStatus.js";
import { SipParseError } from "../../src/sip/errors.js";
import { CsvError } from "../../src/users/errors.js";

test("the HTTP status follows the error class: 400 bad input, 409 refused by the state, 503 I/O, 500 our bug", () => {
  assert.equal(httpStatusOf(new DecodeError("X", "x")), 400);
  assert.equal(httpStatusOf(new ConfigError("X", "x")), 400);
  assert.equal(httpStatusOf(new StateError("X", "x")), 409);
  assert.equal(httpStatusOf(new IpdectError("X", "x")), 409);
  assert.equal(httpStatusOf(new IoError("X", "x")), 503);
  assert.equal(httpStatusOf(new InternalError("X", "x")), 500);
});

test("a subclass answers like the class it extends", () => {
  assert.equal(httpStatusOf(new SipParseError("x")), 400);
  assert.equal(httpStatusOf(new CsvError("CSV_REJECTED", "x")), 400);
  assert.equal(httpStatusOf(new UnknownAlarmCodeError(1)), 409);
  assert.equal(httpStatusOf(new LdapFailure(ResultCode.other, "x")), 409);
});

test("CONFIG_IDENTITY, a ConfigError, answers 400 as it always did", () => {
  assert.equal(httpStatusOf(new ConfigError(DeviceCode.ConfigIdentity, "x")), 400);
});
