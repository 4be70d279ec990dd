import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { text, type NativeModule } from "../core/config/nativeModule.js";
import { CertsCode } from "./errors.js";
import type { ConfigSection } from "../role/configSection.js";
import { DEFAULT_TLS_PROFILE, TLS_PROFILES, type TlsProfile } from "./profiles.js";
import { mappingOf, oneOf } from "../core/config/schema.js";
import { CERTIFICATES_SCHEMA, exportCertificates, readCertificates, type CertificatesSettings } from "./configured.js";

/**
 * How this device runs TLS (§4.3.3 / §4.4.2 IP4 and IP6 → TLS, §4.7.2.1 Advanced → Certificates). The keys and
 * certificates themselves are not configuration: they live on flash (certs/, §4.1.10).
 */
export interface TlsSettings {
  /** §4.3.3 TLS profile; one for IPv4 and IPv6 alike (we run IPv4 only). */
  readonly profile: TlsProfile;
  /**
   * §4.7.2.1 "Extended validation of certificate key usage": `extended` when checked, `standard` (RFC 5280 alone, the
   * manual's default) when not.
   */
  readonly keyUsage: KeyUsageCheck;
}

export const KEY_USAGE_CHECKS = ["standard", "extended"] as const;
export type KeyUsageCheck = (typeof KEY_USAGE_CHECKS)[number];

export const DEFAULT_TLS_SETTINGS: TlsSettings = { profile: DEFAULT_TLS_PROFILE, keyUsage: "standard" };

const TLS_KEYS = ["profile", "keyUsage"] as const;

/** The `tls` section. */
export function readTls(r: FieldReader, value: unknown, path: Path): TlsSettings {
  const o = r.mapping(value, path, TLS_KEYS);
  const at = (key: string): Path => [...path, key];
  return {
    profile:
      r.optional(o, at("profile"), (v, p) => r.oneOf(v, p, TLS_PROFILES, CertsCode.TlsProfile)) ??
      DEFAULT_TLS_SETTINGS.profile,
    keyUsage:
      r.optional(o, at("keyUsage"), (v, p) => r.oneOf(v, p, KEY_USAGE_CHECKS, CertsCode.TlsKeyUsage)) ??
      DEFAULT_TLS_SETTINGS.keyUsage,
  };
}

/** TLS0: the `tls` section in the native text form (our module name: the manual shows these settings as pages only). */
const TLS_NATIVE: NativeModule = {
  module: "TLS0",
  label: "TLS0",
  section: "tls",
  formatVerb: "change",
  always: false,
  options: [
    text("/profile", "profile", DEFAULT_TLS_SETTINGS.profile),
    text("/key-usage", "keyUsage", DEFAULT_TLS_SETTINGS.keyUsage),
  ],
};

/** The `tls` section of the device configuration; absent: the defaults (Normal, the standard key usage check). */
export const TLS_SECTION: ConfigSection<"tls", TlsSettings> = {
  key: "tls",
  schema: mappingOf(TLS_KEYS, { profile: oneOf(TLS_PROFILES), keyUsage: oneOf(KEY_USAGE_CHECKS) }),
  read: (r, value, path) => readTls(r, value, path),
  native: [TLS_NATIVE],
};

/**
 * The `certificates` section (configured.ts): the device certificate and trust list entries a device is provisioned
 * with at start. No native module: the manual's configuration text carries no certificates.
 */
export const CERTIFICATES_SECTION: ConfigSection<"certificates", CertificatesSettings> = {
  key: "certificates",
  schema: CERTIFICATES_SCHEMA,
  read: (r, value, path, ctx) => readCertificates(r, value, path, ctx.now),
  native: [],
  exported: exportCertificates,
};
