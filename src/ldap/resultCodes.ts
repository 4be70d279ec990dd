/** LDAP result codes (RFC 4511 §4.1.9 and Appendix A) this server sends. */
export const ResultCode = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  authMethodNotSupported: 7,
  unavailableCriticalExtension: 12,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  invalidDnSyntax: 34,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  unwillingToPerform: 53,
  namingViolation: 64,
  objectClassViolation: 65,
  notAllowedOnNonLeaf: 66,
  notAllowedOnRdn: 67,
  entryAlreadyExists: 68,
  objectClassModsProhibited: 69,
  other: 80,
} as const;
export type ResultCode = (typeof ResultCode)[keyof typeof ResultCode];

/** The outcome of one operation (RFC 4511 §4.1.9 LDAPResult). */
export interface LdapResult {
  readonly code: ResultCode;
  /** diagnosticMessage: says why, for the administrator reading the client's output. */
  readonly message: string;
  /** matchedDN of a noSuchObject result: the deepest entry of the requested name that exists. */
  readonly matchedDn?: string;
}

export const SUCCESS: LdapResult = { code: ResultCode.success, message: "" };

export const result = (code: ResultCode, message: string, matchedDn?: string): LdapResult =>
  matchedDn === undefined ? { code, message } : { code, message, matchedDn };

/** Results that report no error: success and the two answers of a compare (§4.5.2 "tx error" counts the others). */
export function isError(code: ResultCode): boolean {
  return code !== ResultCode.success && code !== ResultCode.compareFalse && code !== ResultCode.compareTrue;
}
