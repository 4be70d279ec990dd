import type { CertSummary } from "../../certs/certInfo.js";
import { certsText, deviceCertText, rejectedText, tlsText, trustText } from "../../certs/certsText.js";
import type { DeviceCertView } from "../../certs/views.js";
import { CertsCode } from "../../certs/errors.js";
import { APPENDIX_K, TLS_PROFILES, tlsProfileOptions, type TlsProfile } from "../../certs/profiles.js";
import {
  certRequest,
  commonName,
  dnsName,
  rsaBits,
  selfSignedRequest,
  signatureHash,
  validityYears,
} from "../../certs/requests.js";
import { KEY_USAGE_CHECKS, type KeyUsageCheck } from "../../certs/settings.js";
import { DecodeError } from "../../core/errors.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { bytes, inPath, inQuery, number, optional, text } from "../params.js";
import { List, S } from "../schema.js";
import {
  AddedSchema,
  CertsOverviewSchema,
  CertSummarySchema,
  DeviceCertSchema,
  PemText,
  RejectedSchema,
  RemovedCount,
  TlsSchema,
  TlsSettingsSchema,
} from "./certSchemas.js";

/** PEM documents: certificates, the trust list, a signing request. */
const PEM = "application/x-pem-file";

const bits = { ...optional(number(rsaBits)), ctl: { option: "bits", value: "1024|2048|4096" }, fleet: { key: "bits" } };
const hash = {
  ...optional(text(signatureHash)),
  ctl: { option: "hash", value: "sha1|sha256|sha384|sha512" },
  fleet: { key: "hash" },
};
const cn = { ...text(commonName), ctl: { option: "cn", value: "<common name>" }, fleet: { key: "cn" } };
const dns = { ...optional(text(dnsName)), ctl: { option: "dns", value: "<host.domain>" }, fleet: { key: "dns" } };
/** A PKCS#12 file's password: a query value, so the body stays the file; ctl's own --password is the login's. */
const password = {
  ...optional(inQuery()),
  description: "the PKCS#12 file's password, if it has one",
  ctl: { option: "pkcs12-password", value: "<password>" },
};
/** An uploaded file, the whole body: `media` is its type (certificates: PEM or DER, told apart by their bytes). */
const upload = (what: string, media: string, description: string) => ({
  ...bytes((b) => b),
  media,
  description,
  ctl: { positional: what, file: true as const },
});
const fingerprint = (what: string) => ({
  ...inPath("[0-9A-Fa-f:]{64,95}"),
  description: "SHA-256 fingerprint of the certificate (of a rejected chain: its leaf), hex, colons optional",
  ctl: { positional: what },
});

function profile(t: string): TlsProfile {
  if (!(TLS_PROFILES as readonly string[]).includes(t))
    throw new DecodeError(CertsCode.BadProfile, `profile must be one of ${TLS_PROFILES.join(", ")} (§4.3.3)`);
  return t as TlsProfile;
}

function keyUsage(t: string): KeyUsageCheck {
  if (!(KEY_USAGE_CHECKS as readonly string[]).includes(t))
    throw new DecodeError(CertsCode.BadRequest, `keyUsage must be one of ${KEY_USAGE_CHECKS.join(", ")} (§4.7.2.1)`);
  return t as KeyUsageCheck;
}

/** §4.1.10 Certificates: device certificate, signing request, trust list, rejected chains; §4.3.3 TLS profiles. */
export const CERTS_COMMANDS: readonly Command[] = [
  command({
    name: "certs",
    summary: "the Certificates page: device certificate, signing request, trust list, rejected, TLS (§4.1.10)",
    need: "auditor",
    method: "GET",
    path: "/api/certs",
    params: {},
    response: CertsOverviewSchema,
    run: (on) => on.device.certificates().overview(),
    ctl: { text: shown(certsText) },
  }),
  command({
    name: "certs-pem",
    summary: "the device certificate and its chain as PEM (§4.1.10.4)",
    need: "auditor",
    method: "GET",
    path: "/api/certs/device.pem",
    params: {},
    contentType: PEM,
    response: PemText("the device certificate and its chain, leaf first"),
    run: (on) => on.device.certificates().devicePem(),
    ctl: { out: { file: "<file.pem>" } },
  }),
  command({
    name: "certs-self-signed",
    summary: "a new key and self-signed device certificate (§4.1.10.4.2)",
    need: "system-admin",
    method: "POST",
    path: "/api/certs/device/self-signed",
    params: {
      bits,
      hash,
      years: { ...number(validityYears), ctl: { option: "years", value: "<1..30>" }, fleet: { key: "years" } },
      cn,
      dns,
    },
    response: DeviceCertSchema,
    run: (on, a) => on.device.certificates().selfSigned(selfSignedRequest(a)),
    ctl: { text: said<DeviceCertView>((d) => `new self-signed device certificate ${deviceCertText(d)}`) },
    fleet: true,
  }),
  command({
    name: "certs-csr",
    summary: "a new key and a signing request for a CA, as PEM (§4.1.10.4.3)",
    need: "system-admin",
    method: "POST",
    path: "/api/certs/csr",
    params: { bits, hash, cn, dns },
    contentType: PEM,
    response: PemText("the new signing request (PKCS#10)"),
    run: (on, a) => on.device.certificates().createCsr(certRequest(a)),
    ctl: { out: { file: "<request.pem>" } },
  }),
  command({
    name: "certs-csr-pem",
    summary: "the pending signing request as PEM (§4.1.10.4.3 step 6)",
    need: "auditor",
    method: "GET",
    path: "/api/certs/csr.pem",
    params: {},
    contentType: PEM,
    response: PemText("the pending signing request (PKCS#10)"),
    run: (on) => on.device.certificates().csrPem(),
    ctl: { out: { file: "<request.pem>" } },
  }),
  command({
    name: "certs-csr-delete",
    summary: "delete the pending signing request and its key (§4.1.10.4.3)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/certs/csr",
    params: {},
    response: S.Object({ deleted: S.Boolean({ description: "false: no request was pending" }) }),
    run: async (on) => ({ deleted: await on.device.certificates().deleteCsr() }),
    ctl: {
      text: said<{ deleted: boolean }>((a) =>
        a.deleted ? "signing request and its key deleted" : "no signing request: nothing deleted",
      ),
    },
  }),
  command({
    name: "certs-upload",
    summary: "install the CA's certificate (PEM or DER) for the pending signing request (§4.1.10.4.3)",
    need: "system-admin",
    method: "PUT",
    path: "/api/certs/device",
    params: {
      file: upload(
        "<certificate file>",
        "application/octet-stream",
        "the CA's certificate for the pending request, PEM or DER",
      ),
    },
    response: DeviceCertSchema,
    run: (on, a) => on.device.certificates().installSigned(a.file),
    ctl: { text: said<DeviceCertView>((d) => `installed ${deviceCertText(d)}`) },
  }),
  command({
    name: "certs-import",
    summary: "install a device certificate with its key from a PKCS#12 file (§4.1.10.4.4)",
    need: "system-admin",
    method: "PUT",
    path: "/api/certs/device/pkcs12",
    params: {
      file: upload("<file.p12>", "application/x-pkcs12", "the device certificate with its key and chain, PKCS#12"),
      password,
    },
    response: DeviceCertSchema,
    run: (on, a) => on.device.certificates().importPkcs12(a.file, a.password ?? ""),
    ctl: { text: said<DeviceCertView>((d) => `installed ${deviceCertText(d)}`) },
  }),
  command({
    name: "certs-clear",
    summary: "discard the installed device certificate: the default serves again (§4.1.10.4 Clear)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/certs/device",
    params: {},
    response: S.Object({
      cleared: S.Boolean({ description: "false: none was installed, the default served already" }),
    }),
    run: async (on) => ({ cleared: await on.device.certificates().clearDevice() }),
    ctl: {
      text: said<{ cleared: boolean }>((a) =>
        a.cleared
          ? "device certificate cleared: the default one serves again"
          : "no device certificate installed: nothing cleared",
      ),
    },
  }),
  command({
    name: "certs-trust",
    summary: "add the device certificate and its chain to the trust list (§4.1.10.4 Trust)",
    need: "system-admin",
    method: "POST",
    path: "/api/certs/device/trust",
    params: {},
    response: AddedSchema,
    run: async (on) => ({ added: await on.device.certificates().trustDevice() }),
    ctl: { text: shown<{ added: CertSummary[] }>((a) => trustText(a.added)) },
  }),
  command({
    name: "trust",
    summary: "the trust list (§4.1.10.1)",
    need: "auditor",
    method: "GET",
    path: "/api/certs/trust",
    params: {},
    response: List(CertSummarySchema),
    run: (on) => on.device.certificates().trustList(),
    ctl: { text: shown(trustText) },
  }),
  command({
    name: "trust-pem",
    summary: "the whole trust list as one PEM (§4.1.10.1 Download all)",
    need: "auditor",
    method: "GET",
    path: "/api/certs/trust.pem",
    params: {},
    contentType: PEM,
    response: PemText("every certificate of the trust list"),
    run: (on) => on.device.certificates().trustPem(),
    ctl: { out: { file: "<file.pem>" } },
  }),
  command({
    name: "trust-upload",
    summary: "add the certificates of a PEM, DER or PKCS#12 file to the trust list (§4.1.10.1, §4.1.10.3)",
    need: "system-admin",
    method: "POST",
    path: "/api/certs/trust",
    params: {
      file: upload("<file>", "application/octet-stream", "certificates as PEM, DER or PKCS#12 (with its password)"),
      password,
    },
    response: AddedSchema,
    run: async (on, a) => ({ added: await on.device.certificates().trust(a.file, a.password) }),
    ctl: { text: shown<{ added: CertSummary[] }>((a) => trustText(a.added)) },
  }),
  command({
    name: "trust-remove",
    summary: "remove one certificate from the trust list by its SHA-256 fingerprint (§4.1.10.1 Remove)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/certs/trust/:fingerprint",
    params: { fingerprint: fingerprint("<sha-256>") },
    response: S.Object({ removed: CertSummarySchema }),
    run: async (on, a) => ({ removed: await on.device.certificates().untrust(a.fingerprint) }),
    ctl: { text: said<{ removed: CertSummary }>((a) => `removed ${a.removed.subject} from the trust list`) },
  }),
  command({
    name: "trust-clear",
    summary: "empty the trust list (§4.1.10.1 Clear)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/certs/trust",
    params: {},
    response: RemovedCount("certificates the trust list held"),
    run: async (on) => ({ removed: await on.device.certificates().clearTrust() }),
    ctl: { text: said<{ removed: number }>((a) => `removed ${a.removed} certificates from the trust list`) },
  }),
  command({
    name: "rejected",
    summary: "the certificate chains refused in TLS handshakes, newest first (§4.1.10.2)",
    need: "auditor",
    method: "GET",
    path: "/api/certs/rejected",
    params: {},
    response: List(RejectedSchema),
    run: (on) => on.device.certificates().rejected(),
    ctl: { text: shown(rejectedText) },
  }),
  command({
    name: "rejected-trust",
    summary: "move a rejected chain to the trust list (§4.1.10.2 Trust)",
    need: "system-admin",
    method: "POST",
    path: "/api/certs/rejected/:fingerprint/trust",
    params: { fingerprint: fingerprint("<sha-256>") },
    response: AddedSchema,
    run: async (on, a) => ({ added: await on.device.certificates().trustRejected(a.fingerprint) }),
    ctl: { text: shown<{ added: CertSummary[] }>((a) => trustText(a.added)) },
  }),
  command({
    name: "rejected-clear",
    summary: "discard all rejected chains (§4.1.10.2 Clear)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/certs/rejected",
    params: {},
    response: RemovedCount("rejected chains discarded"),
    run: async (on) => ({ removed: await on.device.certificates().clearRejected() }),
    ctl: { text: said<{ removed: number }>((a) => `discarded ${a.removed} rejected chains`) },
  }),
  command({
    name: "tls",
    summary: "the TLS profile with its versions and ciphers (§4.3.3, App. K), the key usage check (§4.7.2.1)",
    need: "auditor",
    method: "GET",
    path: "/api/tls",
    params: {},
    response: TlsSchema,
    run: (on) => {
      const s = on.device.certificates().settings();
      const { minVersion, ciphers } = tlsProfileOptions(s.profile);
      return { ...s, minVersion, appendixK: APPENDIX_K[s.profile].ciphers, openssl: ciphers };
    },
    ctl: { text: shown(tlsText) },
  }),
  command({
    name: "tls-set",
    summary: "set the TLS profile (§4.3.3) and the key usage check (§4.7.2.1); kept in the configuration (TLS0)",
    need: "system-admin",
    method: "PUT",
    path: "/api/tls",
    params: {
      profile: {
        ...optional(text(profile)),
        ctl: { option: "profile", value: TLS_PROFILES.join("|") },
        fleet: { key: "profile" },
      },
      keyUsage: {
        ...optional(text(keyUsage)),
        ctl: { option: "key-usage", value: KEY_USAGE_CHECKS.join("|") },
        fleet: { key: "keyUsage" },
      },
    },
    response: TlsSettingsSchema,
    run: async (on, a) => {
      const change = {
        ...(a.profile === undefined ? {} : { profile: a.profile }),
        ...(a.keyUsage === undefined ? {} : { keyUsage: a.keyUsage }),
      };
      // Neither given: nothing to set, the settings as they are.
      if (Object.keys(change).length === 0) return on.device.certificates().settings();
      return on.device.setTlsSettings(change);
    },
    ctl: { text: shown(tlsText) },
    fleet: true,
  }),
];
