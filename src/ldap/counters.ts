/** LDAP → Server Status (§4.5.2), and after the manual's counters two of ours for the connection limits (limits.ts). */
export interface LdapCounters {
  /** Active connections. */
  connections: number;
  /** Active connections bound with write access. */
  writeConnections: number;
  rxSearch: number;
  /** Modify and modify DN requests ("change requests"). */
  rxModify: number;
  rxAdd: number;
  rxDel: number;
  /** Abandon requests and connections lost without an unbind (the manual: "Number of lost connections"). */
  rxAbandon: number;
  /** Change notifications sent: this server offers no persistent search (Standbys replicate by our own protocol). */
  txNotify: number;
  /** Results other than success, compareTrue and compareFalse, and notices of disconnection. */
  txError: number;
  txError49: number;
  txError50: number;
  /** Connections refused at accept: the server full, or the client's address at its limit. */
  refused: number;
  /** Unauthenticated connections closed after LDAP_UNAUTHENTICATED_IDLE_MS without a request. */
  idleClosed: number;
}

/** The manual's names of the counters, in its order (§4.5.2), then ours. */
export const LDAP_COUNTER_LABELS: Readonly<Record<keyof LdapCounters, string>> = {
  connections: "connections",
  writeConnections: "write connections",
  rxSearch: "rx search",
  rxModify: "rx modify",
  rxAdd: "rx add",
  rxDel: "rx del",
  rxAbandon: "rx abandon",
  txNotify: "tx notify",
  txError: "tx error",
  txError49: "tx error 49",
  txError50: "tx error 50",
  refused: "refused",
  idleClosed: "idle closed",
};

export function newCounters(): LdapCounters {
  return {
    connections: 0,
    writeConnections: 0,
    rxSearch: 0,
    rxModify: 0,
    rxAdd: 0,
    rxDel: 0,
    rxAbandon: 0,
    txNotify: 0,
    txError: 0,
    txError49: 0,
    txError50: 0,
    refused: 0,
    idleClosed: 0,
  };
}
