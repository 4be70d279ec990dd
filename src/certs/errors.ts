import { ConfigError, DecodeError, errorCodes, IoError, StateError } from "../core/errors.js";

/**
 * The certs area's error codes (docs/errors.md): uploads of certificates and keys, the device certificate, the trust
 * list, the rejected certificates and the TLS profile (§4.1.10, §4.3.3, §4.7.2). A refused upload changes nothing.
 */
export const CertsCode = errorCodes("certs", {
  TlsProfile: {
    code: "CERTS_TLS_PROFILE",
    class: ConfigError,
    meaning: "a TLS profile other than normal, fast, secure or strict (§4.3.3)",
  },
  TlsKeyUsage: {
    code: "CERTS_TLS_KEY_USAGE",
    class: ConfigError,
    meaning: "a key usage check other than standard or extended (§4.7.2.1)",
  },
  ConfigPem: {
    code: "CERTS_CONFIG_PEM",
    class: ConfigError,
    meaning:
      "a certificate or private key of the certificates section that does not read as PEM (garbage, cut, not base64, a key where a certificate belongs)",
  },
  ConfigKey: {
    code: "CERTS_CONFIG_KEY",
    class: ConfigError,
    meaning: "the certificates section's private key does not fit its certificate, or is not RSA",
  },
  ConfigExpired: {
    code: "CERTS_CONFIG_EXPIRED",
    class: ConfigError,
    meaning: "a certificate of the certificates section has expired",
  },
  ConfigRequest: {
    code: "CERTS_CONFIG_REQUEST",
    class: ConfigError,
    meaning:
      "the certificates section asks for a self-signed certificate with a key size, signature, validity or name out of range (§4.1.10.4.2)",
  },
  ConfigDevice: {
    code: "CERTS_CONFIG_DEVICE",
    class: ConfigError,
    meaning:
      "the certificates section's device certificate is given twice (certificate and selfSigned) or half (a certificate without its key)",
  },
  ConfigTrust: {
    code: "CERTS_CONFIG_TRUST",
    class: ConfigError,
    meaning: "the certificates section lists more trusted certificates than the trust list holds (200)",
  },
  Provision: {
    code: "CERTS_PROVISION",
    class: StateError,
    meaning:
      "a warning at start: a part of the certificates section could not be applied (expired by the device's clock, trust list full); tried again at the next start",
  },
  UploadEmpty: { code: "CERTS_UPLOAD_EMPTY", class: DecodeError, meaning: "an empty certificate upload" },
  UploadTooLarge: {
    code: "CERTS_UPLOAD_TOO_LARGE",
    class: DecodeError,
    meaning: "a certificate upload over 64 KiB (our limit: a chain of certificates is a few KiB)",
  },
  UploadFormat: {
    code: "CERTS_UPLOAD_FORMAT",
    class: DecodeError,
    meaning: "an upload that is neither PEM, nor a DER certificate, nor a PKCS#12 file (§4.1.10.1)",
  },
  BadPem: {
    code: "CERTS_BAD_PEM",
    class: DecodeError,
    meaning: "a PEM block that is truncated, not base64, not a certificate, or of a type the upload does not take",
  },
  BadDer: {
    code: "CERTS_BAD_DER",
    class: DecodeError,
    meaning: "DER that is truncated or not an X.509 certificate",
  },
  BadPkcs12: {
    code: "CERTS_BAD_PKCS12",
    class: DecodeError,
    meaning: "a PKCS#12 file that is truncated, malformed or uses an algorithm we do not read (§4.1.10.3)",
  },
  WrongPassword: {
    code: "CERTS_WRONG_PASSWORD",
    class: DecodeError,
    meaning: "a PKCS#12 file whose integrity check fails with the password given (§4.1.10.3)",
  },
  NoCertificate: {
    code: "CERTS_NO_CERTIFICATE",
    class: DecodeError,
    meaning: "an upload without any certificate in it",
  },
  TooManyCertificates: {
    code: "CERTS_TOO_MANY",
    class: DecodeError,
    meaning: "an upload with more certificates than a chain or the trust list can hold",
  },
  NoKey: {
    code: "CERTS_NO_KEY",
    class: DecodeError,
    meaning: "a PKCS#12 file for the device certificate without a private key that fits one of its certificates",
  },
  KeyType: {
    code: "CERTS_KEY_TYPE",
    class: DecodeError,
    meaning: "a device key that is not RSA: every cipher of App. K authenticates with RSA",
  },
  Expired: {
    code: "CERTS_EXPIRED",
    class: DecodeError,
    meaning: "an upload with a certificate that has expired (§4.1.10)",
  },
  CsrMismatch: {
    code: "CERTS_CSR_MISMATCH",
    class: DecodeError,
    meaning: "a signed certificate whose public key is not the pending signing request's (§4.1.10.4.3)",
  },
  NoCsr: {
    code: "CERTS_NO_CSR",
    class: StateError,
    meaning: "a signed certificate uploaded without a pending signing request (§4.1.10.4 Upload)",
  },
  BadRequest: {
    code: "CERTS_BAD_REQUEST",
    class: DecodeError,
    meaning: "a new certificate or signing request with a key size, signature, validity or name out of range",
  },
  BadFingerprint: {
    code: "CERTS_BAD_FINGERPRINT",
    class: DecodeError,
    meaning: "a certificate fingerprint that is not 32 bytes of hex (SHA-256)",
  },
  NotTrusted: {
    code: "CERTS_NOT_TRUSTED",
    class: StateError,
    meaning: "a fingerprint that names no certificate in the trust list",
  },
  NotRejected: {
    code: "CERTS_NOT_REJECTED",
    class: StateError,
    meaning: "a fingerprint that names no rejected certificate chain (§4.1.10.2)",
  },
  TrustListFull: {
    code: "CERTS_TRUST_LIST_FULL",
    class: StateError,
    meaning: "an upload that would take the trust list over its 200 certificates",
  },
  BadProfile: {
    code: "CERTS_BAD_PROFILE",
    class: DecodeError,
    meaning: "a TLS profile other than normal, fast, secure or strict (§4.3.3)",
  },
  TimeNotSet: {
    code: "CERTS_TIME_NOT_SET",
    class: StateError,
    meaning: "certificate validation while the system time is not set (0x000c1000, §6.2)",
  },
  Stored: {
    code: "CERTS_STORED",
    class: IoError,
    meaning: "a file under certs/ on flash that does not read back (it is set aside and a warning says so)",
  },
});
