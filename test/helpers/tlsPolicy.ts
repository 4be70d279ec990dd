import type { TlsOptions, TlsPolicy } from "../../src/wire/Transport.js";

/**
 * A TLS policy with fixed options, for tests of one TLS adapter without a certificate store: it trusts what `options`
 * says, checks no key usage, forgets alerts and forgets refusals unless `hooks` listen (test/certs has the store's
 * own policy).
 */
export function fixedTlsPolicy(options: TlsOptions, hooks: Partial<Pick<TlsPolicy, "rejected">> = {}): TlsPolicy {
  return {
    options: () => options,
    ready: async () => undefined,
    rejected: hooks.rejected ?? (() => undefined),
    accepted: () => undefined,
    serverProblem: () => undefined,
    clientProblem: () => undefined,
    peerAlert: () => undefined,
    acceptedBy: () => undefined,
  };
}
