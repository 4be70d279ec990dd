import { DecodeError, errorCodes, IpdectError } from "../core/errors.js";
import { isError, result, ResultCode, type LdapResult } from "./resultCodes.js";

/** The code of an LdapFailure: `LDAP_` and the resultCode number, e.g. `LDAP_53` for unwillingToPerform. */
const failureCode = (code: ResultCode): string => `LDAP_${code}`;

/**
 * A result that ends an operation early: thrown inside the server core and turned into the operation's response by
 * LdapSession, whose methods return results and never throw (docs/style.md §4: protocol outcomes are values).
 */
export class LdapFailure extends IpdectError {
  readonly result: LdapResult;

  constructor(code: ResultCode, message: string, matchedDn?: string) {
    super(failureCode(code), message);
    this.result = result(code, message, matchedDn);
  }
}

/** The LDAP area's error codes (docs/errors.md): requests of the LDAP server (§4.5.1) that cannot be read. */
export const LdapCode = errorCodes("ldap", {
  LdapFrame: {
    code: "LDAP_FRAME",
    class: DecodeError,
    meaning: "bytes that do not start an LDAPMessage in the definite form: the connection closes (RFC 4511 §5.1)",
  },
  LdapTooLarge: {
    code: "LDAP_TOO_LARGE",
    class: DecodeError,
    meaning: "an LDAPMessage over the request size limit: the connection closes (RFC 4511 §5.1)",
  },
  LdapFilter: { code: "LDAP_FILTER", class: DecodeError, meaning: "a filter in text that does not parse (RFC 4515)" },
});

/** The codes of LdapFailure, one per error resultCode; the client gets the result, the code stays inside. */
export const LdapResultCode = errorCodes(
  "ldap",
  Object.fromEntries(
    Object.entries(ResultCode)
      .filter(([, n]) => isError(n))
      .map(([name, n]) => [
        name,
        {
          code: failureCode(n),
          class: LdapFailure,
          meaning: `an operation ends with resultCode ${name} (RFC 4511 §4.1.9, Appendix A)`,
        },
      ]),
  ),
);
