/** Limits of the LDAP server (ours: the manual sets none). Each has a test at its boundary. */

/**
 * The largest LDAPMessage a client may send, in bytes. A user entry is under 1 KiB and a filter naming every Number of
 * a full directory stays far below this; a longer message closes the connection before its bytes are kept.
 */
export const LDAP_MAX_REQUEST_BYTES = 256 * 1024;

/** Client connections at once; more are refused at accept, so a flood of idle connections cannot exhaust the node. */
export const LDAP_MAX_CONNECTIONS = 256;
