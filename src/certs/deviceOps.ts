import { createPrivateKey, X509Certificate } from "node:crypto";
import { DecodeError, StateError } from "../core/errors.js";
import type { Mac } from "../core/identity/Mac.js";
import { CertsCode } from "./errors.js";
import { identityWithKey, type DeviceIdentity, type DeviceOrigin, type PendingCsr } from "./identity.js";
import type { KeySource } from "./keys.js";
import {
  buildCsr,
  buildSelfSigned,
  DEFAULT_REQUEST,
  DEFAULT_VALIDITY_YEARS,
  type CertRequest,
  type SelfSignedRequest,
} from "./requests.js";
import type { Upload } from "./upload.js";
import { refuseExpired } from "./validity.js";

/** The new device identities of §4.1.10.4, each checked whole before the store keeps it. */

/** §4.1.10.4.1: the default certificate carries the device's MAC and is valid 10 years. */
export const defaultRequest = (mac: Mac): SelfSignedRequest => ({
  ...DEFAULT_REQUEST,
  commonName: mac.toString(),
  years: DEFAULT_VALIDITY_YEARS,
});

/** A new key pair and a self-signed certificate for it (§4.1.10.4.1, §4.1.10.4.2). */
export async function selfSignedIdentity(
  keys: KeySource,
  req: SelfSignedRequest,
  now: number,
  origin: Extract<DeviceOrigin, "default" | "self-signed">,
  ip?: string,
): Promise<DeviceIdentity> {
  const keyPem = await keys.rsa(req.bits);
  return { origin, keyPem, chain: [new X509Certificate(buildSelfSigned(keyPem, req, now, ip))] };
}

/** A new key pair and a signing request for it (§4.1.10.4.3). */
export async function pendingCsr(keys: KeySource, req: CertRequest, now: number): Promise<PendingCsr> {
  const keyPem = await keys.rsa(req.bits);
  return { keyPem, csrPem: buildCsr(keyPem, req), request: req, created: now };
}

/**
 * The CA's answer to the pending request (§4.1.10.4.3 steps 8–10): accepted only when one of its certificates holds
 * the request's public key; that one becomes the device certificate with the rest as its chain.
 */
export function signedIdentity(csr: PendingCsr | undefined, upload: Upload, now: number): DeviceIdentity {
  if (csr === undefined)
    throw new StateError(CertsCode.NoCsr, "no signing request is pending: create one first (§4.1.10.4 Upload)");
  const key = createPrivateKey(csr.keyPem);
  const leaf = upload.certs.find((c) => c.checkPrivateKey(key));
  if (leaf === undefined)
    throw new DecodeError(
      CertsCode.CsrMismatch,
      "no certificate in the upload holds the pending signing request's public key (was it issued for another request?)",
    );
  const chain = [leaf, ...upload.certs.filter((c) => c !== leaf)];
  refuseExpired(chain, now);
  return { origin: "signed", keyPem: csr.keyPem, chain };
}

/** A certificate with its private key from a PKCS#12 file (§4.1.10.4.4); the store refuses it if expired. */
export function pkcs12Identity(upload: Upload): DeviceIdentity {
  if (upload.format !== "pkcs12")
    throw new DecodeError(
      CertsCode.UploadFormat,
      `the device certificate with its key comes as a PKCS#12 file, not ${upload.format.toUpperCase()} (§4.1.10.4.4)`,
    );
  return identityWithKey(upload.certs, upload.keys, "pkcs12", "the PKCS#12 file");
}
