import { errorCodes, IpdectError } from "../core/errors.js";

/** The handset area's error codes (docs/errors.md): the simulated DECT handset. */
export const HandsetCode = errorCodes("handset", {
  HandsetNoAnswer: {
    code: "HANDSET_NO_ANSWER",
    class: IpdectError,
    meaning: "a handset's request that no radio answered after its tries (§3.14.1.2, §3.15)",
  },
});
