/**
 * The part of ldapjs 3.0.7 (no types of its own) that ldapjsAdapter.ts uses: the message parser and the DN parser.
 * What they return is read through the narrow shapes declared there.
 */
declare module "ldapjs" {
  import type { EventEmitter } from "node:events";

  /** Emits `message` with a decoded request, or `error`, for each complete LDAPMessage written to it. */
  export class Parser extends EventEmitter {
    constructor(options?: { log?: unknown });
    write(data: Buffer): boolean;
  }
  /** RFC 4514 string → DN object; throws on bad syntax. */
  export function parseDN(text: string): unknown;
  const ldapjs: { Parser: typeof Parser; parseDN: typeof parseDN };
  export default ldapjs;
}
