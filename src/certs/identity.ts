import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { DecodeError, IoError } from "../core/errors.js";
import { pemOf } from "./certInfo.js";
import { CertsCode } from "./errors.js";
import type { CertRequest } from "./requests.js";

/**
 * How the device got its certificate (§4.1.10.4): the four options of §2.2.2.2, and `configured`: a certificate with
 * its key that the configuration carried (the certificates section, docs/design.md "Certificates").
 */
export type DeviceOrigin = "default" | "self-signed" | "signed" | "pkcs12" | "configured";

/** The device's key and certificate chain (leaf first): what its TLS servers and clients present. */
export interface DeviceIdentity {
  readonly origin: DeviceOrigin;
  /** PKCS#8 PEM. A secret: kept on flash with mode 0600, handed only to TLS (tlsContextOptions). */
  readonly keyPem: string;
  readonly chain: readonly X509Certificate[];
}

/** A signing request waiting for its certificate (§4.1.10.4.3): the key stays here until the certificate comes. */
export interface PendingCsr {
  readonly keyPem: string;
  readonly csrPem: string;
  readonly request: CertRequest;
  /** ms on the device clock. */
  readonly created: number;
}

/** The flash form of an identity (certs/default.json, certs/device.json). */
interface StoredIdentity {
  readonly origin: DeviceOrigin;
  readonly key: string;
  readonly chain: readonly string[];
}

/** Every origin (the flash check below; the API's schema). */
export const DEVICE_ORIGINS: readonly DeviceOrigin[] = ["default", "self-signed", "signed", "pkcs12", "configured"];

export function identityToJson(id: DeviceIdentity): StoredIdentity {
  return { origin: id.origin, key: id.keyPem, chain: id.chain.map(pemOf) };
}

/** An identity read back from flash; throws when it is not one (the store then sets it aside). */
export function identityFromJson(v: unknown): DeviceIdentity {
  const o = v as Partial<StoredIdentity>;
  if (
    typeof o.key !== "string" ||
    !Array.isArray(o.chain) ||
    o.chain.length === 0 ||
    !DEVICE_ORIGINS.includes(o.origin!)
  )
    throw new IoError(CertsCode.Stored, "not a device identity");
  const id = { origin: o.origin!, keyPem: o.key, chain: o.chain.map((pem) => new X509Certificate(pem)) };
  if (!id.chain[0]!.checkPrivateKey(createPrivateKey(id.keyPem)))
    throw new IoError(CertsCode.Stored, "the key does not fit the certificate");
  return id;
}

export function csrFromJson(v: unknown): PendingCsr {
  const o = v as Partial<PendingCsr>;
  if (
    typeof o.keyPem !== "string" ||
    typeof o.csrPem !== "string" ||
    typeof o.created !== "number" ||
    o.request === undefined
  )
    throw new IoError(CertsCode.Stored, "not a pending signing request");
  createPrivateKey(o.keyPem);
  return o as PendingCsr;
}

/**
 * The device identity in a set of certificates and keys that came together: a PKCS#12 file (§4.1.10.4.4) or the
 * configuration's certificates section. The certificate that one of the keys fits is the device certificate, with
 * the other certificates as its chain. The key must be RSA: every cipher of App. K authenticates with RSA.
 * `from` names the source in messages ("the PKCS#12 file").
 */
export function identityWithKey(
  certs: readonly X509Certificate[],
  keys: readonly KeyObject[],
  origin: Extract<DeviceOrigin, "pkcs12" | "configured">,
  from: string,
): DeviceIdentity {
  for (const key of keys) {
    const leaf = certs.find((c) => c.checkPrivateKey(key));
    if (leaf === undefined) continue;
    if (key.asymmetricKeyType !== "rsa")
      throw new DecodeError(CertsCode.KeyType, `the key is ${key.asymmetricKeyType ?? "of an unknown type"}, not RSA`);
    return {
      origin,
      keyPem: key.export({ type: "pkcs8", format: "pem" }) as string,
      chain: [leaf, ...certs.filter((c) => c !== leaf)],
    };
  }
  throw new DecodeError(
    CertsCode.NoKey,
    keys.length === 0
      ? `${from} holds no private key: the device certificate needs one (§4.1.10.4.4)`
      : `no private key of ${from} fits one of its certificates`,
  );
}
