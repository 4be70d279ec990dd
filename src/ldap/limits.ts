/** Limits of the LDAP server (ours: the manual sets none). Each has a test at its boundary. */

/**
 * The largest LDAPMessage a client may send, in bytes. A user entry is under 1 KiB and a filter naming every Number of
 * a full directory stays far below this; a longer message closes the connection before its bytes are kept.
 */
export const LDAP_MAX_REQUEST_BYTES = 256 * 1024;

/**
 * Client connections at once; more are refused at accept (closed at once), so a flood of connections cannot exhaust the
 * node.
 */
export const LDAP_MAX_CONNECTIONS = 256;

/**
 * Connections one client address may hold at once, of the LDAP_MAX_CONNECTIONS: more from that address are refused
 * at accept. Without it, one client holding 256 idle sockets locked every other client out (issue 16). A PBX or a
 * replicating Standby needs a handful; 32 leaves room for a busy client behind one address (a NAT) while 8 addresses
 * would be needed to fill the server.
 */
export const LDAP_MAX_CONNECTIONS_PER_ADDRESS = 32;

/**
 * An unauthenticated connection (no successful bind yet, or bound anonymously) that sends no request for this long is
 * closed. A real client binds in its first round trip (ldapsearch, a PBX, a Standby's replicator), so 30 s is far
 * beyond what one needs, and it bounds how long a flood of idle sockets holds its slots. A bound connection is never
 * closed for idling: a PBX keeps its bound connection open between searches. Only whole requests count: bytes of an
 * unfinished message do not keep a connection alive.
 */
export const LDAP_UNAUTHENTICATED_IDLE_MS = 30_000;
