import { SipStreamFramer } from "../../sip/SipStreamFramer.js";
import type { StreamFraming } from "./SocketTransport.js";

/** SIP over TCP (RFC 3261 §18.3): messages follow each other, each cut by its Content-Length. */
export const SIP_FRAMING: StreamFraming = { deframer: () => new SipStreamFramer(), wrap: (frame) => frame };
