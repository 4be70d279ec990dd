import { createPrivateKey, type KeyObject, type X509Certificate } from "node:crypto";
import { show, type FieldReader } from "../core/config/FieldReader.js";
import { ConfigCode } from "../core/config/configCodes.js";
import type { Path } from "../core/config/Locator.js";
import { IpdectError } from "../core/errors.js";
import { keyOf, pemOf } from "./certInfo.js";
import { CertsCode } from "./errors.js";
import { identityWithKey, type DeviceIdentity } from "./identity.js";
import {
  commonName,
  dnsName,
  rsaBits,
  signatureHash,
  validityYears,
  type RequestParams,
  type SelfSignedRequest,
  selfSignedRequest,
} from "./requests.js";
import { MAX_TRUSTED } from "./TrustList.js";
import { decodeUpload, MAX_UPLOAD_BYTES } from "./upload.js";
import { refuseExpired } from "./validity.js";
import { listOf, mappingOf, NUMBER, TEXT } from "../core/config/schema.js";

/**
 * The `certificates` section: what a configuration (a device file, a fleet file's device) provisions the certificate
 * store with (§4.1.10): the device certificate, carried or made, and trust list entries. The device applies it at
 * start when it differs from what it last applied (certs/provision.ts; docs/design.md "Certificates"). The manual's
 * native configuration text carries no certificates, so this section has no native module.
 */
export interface CertificatesSettings {
  readonly device?: ConfiguredDevice;
  /** PEM, one certificate each (a bundle entry is split), in the order given, each once. */
  readonly trust?: readonly string[];
}

/** A device certificate with its key, as the configuration carries them. */
export interface CarriedCertificate {
  /** PEM, the certificate that the key fits first, then the rest of the chain as given. */
  readonly certificate: string;
  /** PKCS#8 PEM. A secret: never logged, never in an event, left out of exports (deviceToObject). */
  readonly key: string;
}

/** A self-signed device certificate the device makes (§4.1.10.4.2), with the keys of `certs-self-signed`. */
export interface MadeCertificate {
  readonly selfSigned: RequestParams & { readonly years: number };
}

export type ConfiguredDevice = CarriedCertificate | MadeCertificate;

export const isMade = (d: ConfiguredDevice): d is MadeCertificate => "selfSigned" in d;

const SECTION_KEYS = ["device", "trust"] as const;
const DEVICE_KEYS = ["certificate", "key", "selfSigned"] as const;
const SELF_SIGNED_KEYS = ["bits", "hash", "years", "cn", "dns"] as const;
const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const KEY_BLOCKS = ["PRIVATE KEY", "RSA PRIVATE KEY"];

/** The section's schema (ConfigSection.schema): certificate and key as PEM texts, or the self-signed request. */
export const CERTIFICATES_SCHEMA = mappingOf(SECTION_KEYS, {
  device: mappingOf(DEVICE_KEYS, {
    certificate: TEXT,
    key: TEXT,
    selfSigned: mappingOf(SELF_SIGNED_KEYS, { bits: NUMBER, hash: TEXT, years: NUMBER, cn: TEXT, dns: TEXT }, [
      "years",
      "cn",
    ]),
  }),
  trust: listOf(TEXT),
});

/** The section; undefined when it says nothing (`certificates: {}`). `now`: the time expiry is judged at (none: not). */
export function readCertificates(
  r: FieldReader,
  value: unknown,
  path: Path,
  now: number | undefined,
): CertificatesSettings | undefined {
  const o = r.mapping(value, path, SECTION_KEYS);
  const device = r.optional(o, [...path, "device"], (v, p) => readDevice(r, v, p, now));
  const trust = r.optional(o, [...path, "trust"], (v, p) => readTrust(r, v, p, now));
  if (device === undefined && trust === undefined) return undefined;
  return { ...(device === undefined ? {} : { device }), ...(trust === undefined ? {} : { trust }) };
}

/** The section as exports write it: the private key is left out, everything else as it is. */
export function exportCertificates(s: CertificatesSettings): unknown {
  if (s.device === undefined || isMade(s.device)) return s;
  return { ...s, device: { certificate: s.device.certificate } };
}

/** The identity a carried certificate gives (read at load already: it reads again). */
export function carriedIdentity(d: CarriedCertificate): DeviceIdentity {
  const certs = decodeUpload(new TextEncoder().encode(d.certificate)).certs;
  return identityWithKey(certs, [createPrivateKey(d.key)], "configured", "the configuration");
}

/** The request a made certificate asks for, the defaults filled in. */
export const madeRequest = (d: MadeCertificate): SelfSignedRequest => selfSignedRequest(d.selfSigned);

function readDevice(r: FieldReader, value: unknown, path: Path, now: number | undefined): ConfiguredDevice {
  const o = r.mapping(value, path, DEVICE_KEYS);
  const at = (key: string): Path => [...path, key];
  const has = (key: string) => r.get(o, at(key)) !== undefined;
  if (has("selfSigned")) {
    if (has("certificate") || has("key"))
      r.fail(at("selfSigned"), CertsCode.ConfigDevice, "give either certificate and key, or selfSigned, not both");
    return { selfSigned: readSelfSigned(r, r.get(o, at("selfSigned")), at("selfSigned")) };
  }
  if (!has("certificate") && !has("key"))
    r.fail(path, CertsCode.ConfigDevice, "must hold certificate and key (PEM), or selfSigned");
  if (!has("certificate"))
    r.fail(at("certificate"), CertsCode.ConfigDevice, "required: the certificate (PEM) that the key belongs to");
  if (!has("key")) r.fail(at("key"), CertsCode.ConfigDevice, "required: the certificate's private key (PEM)");
  const certs = readCerts(r, r.get(o, at("certificate")), at("certificate"));
  const key = readKey(r, r.get(o, at("key")), at("key"));
  if (!certs.some((c) => c.checkPrivateKey(key)))
    r.fail(at("key"), CertsCode.ConfigKey, "does not fit the certificate (nor any other of its chain)");
  const id = via(r, at("key"), () => identityWithKey(certs, [key], "configured", "the configuration"));
  if (now !== undefined) via(r, at("certificate"), () => refuseExpired(id.chain, now));
  return { certificate: id.chain.map(pemOf).join(""), key: id.keyPem };
}

/** The parameters of `certs-self-signed`, each read by the command's own reader (requests.ts). */
function readSelfSigned(r: FieldReader, value: unknown, path: Path): MadeCertificate["selfSigned"] {
  const o = r.mapping(value, path, SELF_SIGNED_KEYS);
  const at = (key: string): Path => [...path, key];
  const number = <T>(v: unknown, p: Path, read: (n: number, key: string) => T): T => {
    if (typeof v !== "number") r.fail(p, CertsCode.ConfigRequest, `must be a number, got ${shown(v)}`);
    return via(r, p, () => read(v, String(p[p.length - 1])));
  };
  const text = <T>(v: unknown, p: Path, read: (t: string, key: string) => T): T => {
    if (typeof v !== "string") r.fail(p, CertsCode.ConfigRequest, `must be a text, got ${shown(v)}`);
    return via(r, p, () => read(v, String(p[p.length - 1])));
  };
  const bits = r.optional(o, at("bits"), (v, p) => number(v, p, rsaBits));
  const hash = r.optional(o, at("hash"), (v, p) => text(v, p, signatureHash));
  const years = number(r.required(o, at("years")), at("years"), validityYears);
  const cn = text(r.required(o, at("cn")), at("cn"), commonName);
  const dns = r.optional(o, at("dns"), (v, p) => text(v, p, dnsName));
  return {
    ...(bits === undefined ? {} : { bits }),
    ...(hash === undefined ? {} : { hash }),
    years,
    cn,
    ...(dns === undefined ? {} : { dns }),
  };
}

/** Trust list entries: PEM texts of one or more certificates each; kept one certificate an entry, each once. */
function readTrust(r: FieldReader, value: unknown, path: Path, now: number | undefined): string[] {
  const seen = new Set<string>();
  const pems: string[] = [];
  if (!Array.isArray(value)) r.fail(path, ConfigCode.Type, `must be a list of PEM texts, got ${shown(value)}`);
  value.forEach((item: unknown, i) => {
    const certs = readCerts(r, item, [...path, i]);
    if (now !== undefined) via(r, [...path, i], () => refuseExpired(certs, now));
    for (const c of certs.filter((c) => !seen.has(keyOf(c)))) {
      seen.add(keyOf(c));
      pems.push(pemOf(c));
    }
  });
  if (pems.length > MAX_TRUSTED)
    r.fail(
      path,
      CertsCode.ConfigTrust,
      `holds ${pems.length} certificates; the trust list holds at most ${MAX_TRUSTED}`,
    );
  return pems;
}

/**
 * Certificates as PEM text, read by the upload's decoder (upload.ts). Only CERTIFICATE blocks: a private key pasted
 * here would be exported with the certificates, so it is refused, not skipped.
 */
function readCerts(r: FieldReader, value: unknown, path: Path): X509Certificate[] {
  if (typeof value !== "string")
    r.fail(path, CertsCode.ConfigPem, `must be PEM text (-----BEGIN CERTIFICATE----- …), got ${show(value)}`);
  const blocks = [...value.matchAll(BEGIN)].map((m) => m[1]!);
  if (blocks.length === 0) r.fail(path, CertsCode.ConfigPem, "must be PEM text: no -----BEGIN CERTIFICATE----- line");
  const other = blocks.find((b) => b !== "CERTIFICATE");
  if (other?.includes("PRIVATE KEY") === true)
    r.fail(path, CertsCode.ConfigPem, "holds a private key: only certificates belong here (a device key goes in key)");
  if (other !== undefined) r.fail(path, CertsCode.ConfigPem, `holds a ${other} block: only certificates belong here`);
  return [...via(r, path, () => decodeUpload(new TextEncoder().encode(value)).certs)];
}

/** A private key as unencrypted PEM (PKCS#8 or PKCS#1). No message repeats any part of it. */
function readKey(r: FieldReader, value: unknown, path: Path): KeyObject {
  if (typeof value !== "string") r.fail(path, CertsCode.ConfigPem, "must be PEM text: -----BEGIN PRIVATE KEY----- …");
  if (value.length > MAX_UPLOAD_BYTES)
    r.fail(path, CertsCode.ConfigPem, `has ${value.length} characters; a key is a few KiB (at most 64 KiB)`);
  const blocks = [...value.matchAll(BEGIN)].map((m) => m[1]!);
  if (blocks.length === 1 && !value.includes(`-----END ${blocks[0]}-----`))
    r.fail(path, CertsCode.ConfigPem, "is cut: its -----END line is missing");
  if (blocks.length !== 1 || !KEY_BLOCKS.includes(blocks[0]!))
    r.fail(
      path,
      CertsCode.ConfigPem,
      blocks.includes("ENCRYPTED PRIVATE KEY")
        ? "is encrypted: the configuration carries the key unencrypted (keep the file readable by the device only)"
        : `must be one PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), found ${blocks.length === 0 ? "no PEM block" : blocks.join(", ")}`,
    );
  try {
    return createPrivateKey({ key: value, format: "pem" });
  } catch (cause) {
    return r.fail(path, CertsCode.ConfigPem, `does not read as a private key (${(cause as Error).message})`, cause);
  }
}

/** A value for a message: a text that may be a key is not repeated (FieldReader's `show` gives its start). */
const shown = (v: unknown): string => (typeof v === "string" && v.includes("-----") ? "a PEM text" : show(v));

/** The certificates' own decoders throw DecodeErrors; in a configuration each becomes a ConfigError at `path`. */
const CONFIG_CODE: Readonly<Record<string, string>> = {
  [CertsCode.Expired]: CertsCode.ConfigExpired,
  [CertsCode.NoKey]: CertsCode.ConfigKey,
  [CertsCode.KeyType]: CertsCode.ConfigKey,
  [CertsCode.BadRequest]: CertsCode.ConfigRequest,
};

function via<T>(r: FieldReader, path: Path, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof IpdectError)) throw e;
    return r.fail(path, CONFIG_CODE[e.code] ?? CertsCode.ConfigPem, e.reason, e);
  }
}
