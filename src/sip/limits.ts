/**
 * Largest SIP message parsed or framed: 64 KiB. A datagram cannot be larger (RFC 768, 16-bit length), and a stream
 * message above it is refused before it is buffered (RFC 3261 §18.3 leaves the limit to the implementation).
 */
export const MAX_SIP_MESSAGE = 65536;

/** Most header fields in one message; more is treated as an attack, not a message (RFC 3261 §18.3, §26.1.5). */
export const MAX_SIP_HEADERS = 200;
