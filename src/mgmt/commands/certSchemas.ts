import { DEVICE_ORIGINS } from "../../certs/identity.js";
import { SIGNATURE_HASHES } from "../../certs/forge.js";
import { RSA_BITS } from "../../certs/keys.js";
import { TLS_PROFILES } from "../../certs/profiles.js";
import { KEY_USAGE_CHECKS } from "../../certs/settings.js";
import { ClockMs, DateTime, List, OneOf, S } from "../schema.js";

/** What the certificates commands answer (§4.1.10 Certificates, §4.3.3 TLS): src/certs/views.ts as JSON Schema. */

/** A PEM document's text: certificates or a signing request, `-----BEGIN …-----` blocks one after another. */
export const PemText = (what: string) => S.String({ description: `${what}, PEM` });

/** A SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it: the certificate's id in the API. */
const Fingerprint = S.String({
  pattern: "^[0-9A-F]{2}(:[0-9A-F]{2}){31}$",
  description: "SHA-256 of the DER, colon hex: the id the remove and trust commands take",
});

/** A certificate as the Certificates page shows it (certInfo.ts CertSummary). */
export const CertSummarySchema = S.Object({
  subject: S.String({ description: "one line: CN=ipbs-1, O=Example" }),
  issuer: S.String(),
  serial: S.String({ description: "hex" }),
  notBefore: DateTime,
  notAfter: DateTime,
  fingerprint: Fingerprint,
  selfSigned: S.Boolean(),
  ca: S.Boolean({ description: "basicConstraints CA:TRUE" }),
  key: S.String({ description: "key type and size: rsa 2048, ec" }),
  altNames: S.Optional(S.String({ description: "subjectAltName as OpenSSL prints it" })),
});

/** The Device Certificate section (§4.1.10.4): how it was made, the certificate, the chain sent with it. */
export const DeviceCertSchema = S.Object({
  origin: OneOf(
    DEVICE_ORIGINS,
    "default, self-signed (§4.1.10.4.2), signed by a CA (§4.1.10.4.3), PKCS#12 (§4.1.10.4.4), or from the configuration's certificates section",
  ),
  certificate: CertSummarySchema,
  chain: List(CertSummarySchema, { description: "the CA certificates sent with it, leaf excluded" }),
});

/** The TLS settings (§4.3.3 TLS profile, §4.7.2.1 extended key usage check). */
export const TlsSettingsSchema = S.Object({
  profile: OneOf(TLS_PROFILES, "§4.3.3 TLS profile"),
  keyUsage: OneOf(KEY_USAGE_CHECKS, "§4.7.2.1: extended when Extended validation of certificate key usage is checked"),
});

/** The Certificates page at a glance (`GET /api/certs`). */
export const CertsOverviewSchema = S.Object({
  device: DeviceCertSchema,
  signingRequest: S.Union(
    [
      S.Object({
        commonName: S.String(),
        dns: S.Optional(S.String({ description: "DNS Name, put in subjectAltName" })),
        bits: S.Integer({ enum: [...RSA_BITS] }),
        hash: OneOf(SIGNATURE_HASHES),
        created: ClockMs("when the request was made"),
      }),
      S.Null(),
    ],
    { description: "the pending signing request (§4.1.10.4.3); null: none" },
  ),
  trusted: S.Integer({ description: "certificates on the trust list (§4.1.10.1)" }),
  rejected: S.Integer({ description: "rejected chains listed (§4.1.10.2)" }),
  tls: TlsSettingsSchema,
});

/** One chain refused in a TLS handshake (§4.1.10.2; RejectedList.ts RejectedView). */
export const RejectedSchema = S.Object({
  subject: S.String({ description: "of the leaf certificate" }),
  issuer: S.String(),
  fingerprint: Fingerprint,
  reason: S.String({ description: "as the TLS code says it: CERT_HAS_EXPIRED, unknown CA…" }),
  direction: OneOf(["in", "out"], "in: a client presented it to a server of this device; out: a server it called"),
  peer: S.Optional(S.String({ description: "the other side: 10.0.0.5:5061, ldaps 10.0.0.9" })),
  time: ClockMs("when it was last refused"),
  count: S.Integer({ description: "how often it was refused since it entered the list" }),
  certificates: S.Integer({ description: "certificates in the chain" }),
});

/** Certificates that joined the trust list (an upload keeps none twice: those already there are not listed). */
export const AddedSchema = S.Object({ added: List(CertSummarySchema) });

/** How many were removed by a Clear. */
export const RemovedCount = (what: string) => S.Object({ removed: S.Integer({ description: what }) });

/** `GET /api/tls`: the settings with the profile's versions and ciphers. */
export const TlsSchema = S.Object({
  ...TlsSettingsSchema.properties,
  minVersion: OneOf(["TLSv1", "TLSv1.2"], "the lowest TLS version of the profile (App. K); the highest is TLSv1.3"),
  appendixK: List(S.String(), {
    description: "the profile's ciphers in priority order, IANA names as App. K prints them",
  }),
  openssl: S.String({ description: "the same as an OpenSSL cipher list" }),
});
