import { LDAP_MAX_CONNECTIONS, LDAP_MAX_CONNECTIONS_PER_ADDRESS } from "./limits.js";

/**
 * The LDAP server's connection slots: LDAP_MAX_CONNECTIONS in all and LDAP_MAX_CONNECTIONS_PER_ADDRESS per client
 * address, so one client cannot take them all (limits.ts). A connection takes a slot at accept and gives it back when
 * it closes.
 */
export class ConnectionSlots {
  readonly #byAddress = new Map<string, number>();
  #total = 0;

  /** Takes a slot for a connection from `address`; false when the server or that address is full. */
  take(address: string): boolean {
    const held = this.#byAddress.get(address) ?? 0;
    if (this.#total >= LDAP_MAX_CONNECTIONS || held >= LDAP_MAX_CONNECTIONS_PER_ADDRESS) return false;
    this.#byAddress.set(address, held + 1);
    this.#total++;
    return true;
  }

  release(address: string): void {
    const held = this.#byAddress.get(address) ?? 0;
    if (held === 0) return;
    if (held === 1) this.#byAddress.delete(address);
    else this.#byAddress.set(address, held - 1);
    this.#total--;
  }
}
