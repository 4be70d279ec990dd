import type { SecureVersion } from "node:tls";

/**
 * §4.3.3 / §4.4.2 TLS profiles. "Experimental" (for evaluation only, "not to be used in live systems") is not
 * offered.
 */
export const TLS_PROFILES = ["normal", "fast", "secure", "strict"] as const;
export type TlsProfile = (typeof TLS_PROFILES)[number];
/** §4.3.3: Normal "enables all supported versions and ciphers"; the manual's factory choice. */
export const DEFAULT_TLS_PROFILE: TlsProfile = "normal";

/** App. K cipher names (IANA, as printed) → OpenSSL names, for the TLS 1.2 and earlier suites (TLS 1.3 names agree). */
const OPENSSL_NAME: Readonly<Record<string, string>> = {
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: "ECDHE-RSA-AES256-GCM-SHA384",
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: "ECDHE-RSA-AES128-GCM-SHA256",
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: "ECDHE-RSA-AES256-SHA384",
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: "ECDHE-RSA-AES128-SHA256",
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: "ECDHE-RSA-AES256-SHA",
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: "ECDHE-RSA-AES128-SHA",
  TLS_RSA_WITH_AES_256_GCM_SHA384: "AES256-GCM-SHA384",
  TLS_RSA_WITH_AES_128_GCM_SHA256: "AES128-GCM-SHA256",
  TLS_RSA_WITH_AES_256_CBC_SHA256: "AES256-SHA256",
  TLS_RSA_WITH_AES_128_CBC_SHA256: "AES128-SHA256",
  TLS_RSA_WITH_AES_256_CBC_SHA: "AES256-SHA",
  TLS_RSA_WITH_AES_128_CBC_SHA: "AES128-SHA",
  TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: "DHE-RSA-AES256-GCM-SHA384",
  TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: "DHE-RSA-AES128-GCM-SHA256",
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA256: "DHE-RSA-AES256-SHA256",
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA256: "DHE-RSA-AES128-SHA256",
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA: "DHE-RSA-AES256-SHA",
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA: "DHE-RSA-AES128-SHA",
};

/** One row of App. K: the lowest TLS version and the ciphers in priority order (TLS 1.3 suites first, as printed). */
interface AppendixK {
  readonly minVersion: "TLSv1" | "TLSv1.2";
  readonly ciphers: readonly string[];
}

const TLS13 = ["TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"];

/** App. K "TLS Versions and Ciphers", verbatim. */
export const APPENDIX_K: { readonly [P in TlsProfile]: AppendixK } = {
  normal: {
    minVersion: "TLSv1",
    ciphers: [
      ...TLS13,
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_CBC_SHA256",
      "TLS_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA",
      "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
      "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    ],
  },
  fast: {
    minVersion: "TLSv1",
    ciphers: [
      ...TLS13,
      "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA",
      "TLS_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_RSA_WITH_AES_256_CBC_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    ],
  },
  secure: {
    minVersion: "TLSv1.2",
    ciphers: [
      ...TLS13,
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
      "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    ],
  },
  strict: {
    minVersion: "TLSv1.2",
    ciphers: [...TLS13, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
  },
};

/**
 * The node:tls options of a profile, for every TLS server and client of the device. Node takes the TLS 1.3 suites
 * in `ciphers` too (it hands the `TLS_` names to OpenSSL's ciphersuites and the rest to its cipher list), so one
 * string carries both; without TLS 1.3 names there Node would keep OpenSSL's default TLS 1.3 suites (ChaCha20).
 */
export interface TlsProfileOptions {
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
  readonly ciphers: string;
  readonly honorCipherOrder: true;
  readonly dhparam?: "auto";
}

/**
 * A profile as Node TLS options (pure): App. K's versions and its ciphers under their OpenSSL names, in App. K's
 * order, and the server picks by that order (`honorCipherOrder`: "most secure ciphers have priority", Fast: "the
 * fastest"). OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level 1 (their handshakes sign with SHA-1 or
 * MD5+SHA-1), so Normal and Fast, which App. K opens to TLS 1.0, add `@SECLEVEL=0`; Secure and Strict keep OpenSSL's
 * default. DHE suites get OpenSSL's built-in groups (`dhparam: "auto"`).
 */
export function tlsProfileOptions(profile: TlsProfile): TlsProfileOptions {
  const k = APPENDIX_K[profile];
  const names = k.ciphers.map((c) => OPENSSL_NAME[c] ?? c);
  const old = k.minVersion === "TLSv1";
  return {
    minVersion: k.minVersion,
    maxVersion: "TLSv1.3",
    ciphers: [...names, ...(old ? ["@SECLEVEL=0"] : [])].join(":"),
    honorCipherOrder: true,
    ...(names.some((c) => c.startsWith("DHE-")) ? { dhparam: "auto" } : {}),
  };
}
