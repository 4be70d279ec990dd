import { errorCodes, IoError, IpdectError, StateError } from "../src/core/errors.js";

/**
 * The lab area's error codes (docs/errors.md): `ipdect lab` runs a fleet file as real processes on loopback
 * (docs/user-guide.md "Labs: ipdect lab").
 */
export const LabCode = errorCodes("lab", {
  Running: {
    code: "LAB_RUNNING",
    class: StateError,
    meaning: "ipdect lab up for a lab whose processes still run: ipdect lab down first",
  },
  NotUp: {
    code: "LAB_NOT_UP",
    class: StateError,
    meaning: "a lab command for a state directory without a lab (no state.json: ipdect lab up first)",
  },
  State: {
    code: "LAB_STATE",
    class: StateError,
    meaning:
      "the lab's state.json is not one ipdect lab wrote (edited or cut): restore it, or stop the processes by hand",
  },
  Start: {
    code: "LAB_START",
    class: IoError,
    meaning: "a process of the lab exited or did not listen in time while starting (its log is named)",
  },
  NoDevice: { code: "LAB_NO_DEVICE", class: IpdectError, meaning: "a device name the lab does not have" },
  Grouped: {
    code: "LAB_GROUPED",
    class: IpdectError,
    meaning: "a stop or start fault for a device that shares its process with others (lab up --group N > 1)",
  },
  Handsets: {
    code: "LAB_HANDSETS",
    class: IpdectError,
    meaning: "lab handsets for a fleet without handsets, or a group keying in each user's AC (ac: user): sim only",
  },
  Fault: {
    code: "LAB_FAULT",
    class: IpdectError,
    meaning: "a fault the live lab does not run: slow and busy belong to the sim's PBX",
  },
  Nft: { code: "LAB_NFT", class: IoError, meaning: "nft refused the lab's packet-filter rules (needs root)" },
});
