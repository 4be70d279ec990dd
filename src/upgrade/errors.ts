import { errorCodes, IoError, StateError } from "../core/errors.js";

/**
 * The rolling upgrade's error codes (docs/errors.md): a plan that cannot keep coverage, a site or a step unhealthy, a
 * device of the site that refuses or does not answer, and the PARI Master's own run (one at a time, PARI Master only).
 */
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
  SiteRefused: {
    code: "SITE_REFUSED",
    class: IoError,
    meaning: "a device of the site answered a request of the upgrade with an error (its status and answer)",
  },
  SiteLogin: {
    code: "UPGRADE_SITE_LOGIN",
    class: StateError,
    meaning:
      "a device of the site refused the upgrade's administrator login (401, 403): every device of a site takes the same login (§3.4.2)",
  },
  SiteUnreachable: {
    code: "SITE_UNREACHABLE",
    class: IoError,
    meaning: "a device of the site the upgrade must reach does not answer at its address (refused, reset, timeout)",
  },
  SiteUnknown: {
    code: "SITE_UNKNOWN_DEVICE",
    class: StateError,
    meaning: "the upgrade names a device whose address the PARI Master's overview does not give",
  },
  NotPariMaster: {
    code: "UPGRADE_NOT_PARI_MASTER",
    class: StateError,
    meaning:
      "a site upgrade started on a device that is not the site's active PARI Master (§4.6.21): only it knows the site's radios",
  },
  Running: {
    code: "UPGRADE_RUNNING",
    class: StateError,
    meaning: "a site upgrade started while one runs on this PARI Master: one run at a time",
  },
  Interrupted: {
    code: "UPGRADE_INTERRUPTED",
    class: StateError,
    meaning:
      "the PARI Master reset or stopped during its site upgrade (while planning it, or in a step other than its own reset): the run stopped there (start it again)",
  },
  NoSiteHttp: {
    code: "UPGRADE_NO_HTTP",
    class: StateError,
    meaning:
      "a site upgrade started on a device that cannot reach the other devices' HTTP APIs: the sim (a fleet file's upgrade fault runs it), or HTTP off (port 0)",
  },
});
