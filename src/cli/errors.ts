import { errorCodes, IoError, IpdectError } from "../core/errors.js";

/**
 * The cli area's error codes (docs/errors.md): the ipdect command's arguments, files and listening ports, each exiting
 * 2, and a node that `ipdect ctl` cannot reach (exit 1: the request was not done, the input may be right).
 */
export const CliCode = errorCodes("cli", {
  Usage: {
    code: "USAGE",
    class: IpdectError,
    meaning: "arguments the command does not take: the message shows the usage",
  },
  Read: { code: "READ", class: IoError, meaning: "an input file cannot be read" },
  Write: { code: "WRITE", class: IoError, meaning: "an output file cannot be written" },
  TooLarge: {
    code: "UPLOAD_TOO_LARGE",
    class: IpdectError,
    meaning:
      "ipdect ctl: a request body over the command's limit (a firmware image over 64 MiB): refused before it is sent, as the node would refuse it (413)",
  },
  Listen: {
    code: "LISTEN",
    class: IoError,
    meaning:
      "an address and port a command listens on cannot be had (in use, not on this host, below 1024 without root)",
  },
  Unreachable: {
    code: "NODE_UNREACHABLE",
    class: IoError,
    meaning: "ipdect ctl: nothing answers at --node (connection refused, reset, no route); exits 1",
  },
  NoSync: {
    code: "NO_SYNC",
    class: IpdectError,
    meaning: "--sync-svg for a fleet without a running PARI Master (§4.12.1)",
  },
  SyncRegion: {
    code: "SYNC_REGION",
    class: IpdectError,
    meaning: "sync-tree --region of a region the overview does not have (§4.12.1)",
  },
});
