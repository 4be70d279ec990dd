import { ConfigError, errorCodes } from "../core/errors.js";

/** The node area's error codes (docs/errors.md): real devices on this machine's sockets. */
export const NodeCode = errorCodes("node", {
  NodeNotLoopback: {
    code: "NODE_NOT_LOOPBACK",
    class: ConfigError,
    meaning: "a real node whose IP address is not on the loopback network 127.0.0.0/8",
  },
});
