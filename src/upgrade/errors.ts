import { errorCodes, StateError } from "../core/errors.js";

/** The rolling upgrade's error codes (docs/errors.md): a plan that cannot keep coverage, a site or a step unhealthy. */
export const UpgradeCode = errorCodes("upgrade", {
  Gaps: {
    code: "UPGRADE_GAPS",
    class: StateError,
    meaning:
      "the waves cannot keep every area covered or every sync region with a source: radios without a neighbour, regions with one sync master candidate (§4.15.2, §4.6.36)",
  },
  Unhealthy: {
    code: "UPGRADE_UNHEALTHY",
    class: StateError,
    meaning: "the site is not healthy before the upgrade: a radio not up, not registered, or not synchronized",
  },
  StepFailed: {
    code: "UPGRADE_STEP_FAILED",
    class: StateError,
    meaning:
      "a step of the upgrade did not end in time: the device that is not back on the new version, or the radio that is not registered or synchronized",
  },
});
