/**
 * Adds to @types/ldapjs (written for ldapjs 2) the part of ldapjs 3.0.7 that ldapjsAdapter.ts uses and the types
 * leave out: the message parser. What it emits, and ldapjs 3's DN objects, are read through the narrow shapes
 * declared in ldapjsAdapter.ts.
 */
import type { EventEmitter } from "node:events";

declare module "ldapjs" {
  /** Emits `message` with a decoded request, or `error`, for each complete LDAPMessage written to it. */
  export class Parser extends EventEmitter {
    constructor(options?: { log?: unknown });
    write(data: Buffer): boolean;
  }
}
