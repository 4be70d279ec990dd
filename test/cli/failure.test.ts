/** What an error that ends a command becomes (src/cli/failure.ts): one line and the exit code of the user guide. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError, IoError, StateError } from "../../src/core/errors.js";
import { failure } from "../../src/cli/failure.js";
import { UpdateCode } from "../../src/update/errors.js";
import { UpgradeCode } from "../../src/upgrade/errors.js";

test("a site upgrade that cannot go on is a failure at run time (exit 1); bad input is exit 2", () => {
  const step = failure(new StateError(UpgradeCode.StepFailed, "step 2 (master) not done"), "ctl", false);
  assert.equal(step.exit, 1);
  assert.match(step.stderr, /^error: step 2 \(master\) not done\n/);
  assert.equal(failure(new IoError(UpgradeCode.SiteUnreachable, "radio-3 does not answer"), "ctl", false).exit, 1);
  assert.equal(failure(new StateError(UpgradeCode.Gaps, "a radio no other hears"), "ctl", false).exit, 1);
  const bad = failure(new DecodeError(UpdateCode.ImageProduct, "an image for IPBL"), "ctl", false);
  assert.equal(bad.exit, 2);
  assert.doesNotMatch(bad.stderr, /\n {4}at /, "no stack trace");
});
