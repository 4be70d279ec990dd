import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { DecodeError } from "../core/errors.js";
import { unreadablePart } from "./certInfo.js";
import { derShape } from "./der.js";
import { CertsCode } from "./errors.js";
import { readPkcs12 } from "./forge.js";

/**
 * Our limit on one upload (§4.1.10 gives none): a certificate is one or two KiB and a chain a few, so 64 KiB holds any
 * real chain or CA bundle while a stray file (a firmware image, a log) is refused before any parser sees it.
 */
export const MAX_UPLOAD_BYTES = 64 * 1024;
/** Our limit on the certificates one upload may hold (a CA bundle); the trust list has its own limit. */
export const MAX_UPLOAD_CERTS = 50;

export type UploadFormat = "pem" | "der" | "pkcs12";

/** A decoded upload: the certificates in file order and, from a PKCS#12 file, its private keys. */
export interface Upload {
  readonly format: UploadFormat;
  readonly certs: readonly X509Certificate[];
  readonly keys: readonly KeyObject[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads an upload of the Certificates page (§4.1.10): PEM with one or many certificates, one DER certificate, or a
 * PKCS#12 file with its `password` (§4.1.10.3; none: the empty password). Every refusal is a DecodeError naming the
 * reason (empty, over 64 KiB, truncated, not base64, not a certificate, wrong password…); nothing is kept.
 */
export function decodeUpload(bytes: Uint8Array, password = ""): Upload {
  if (bytes.length === 0) throw new DecodeError(CertsCode.UploadEmpty, "the upload is empty");
  if (bytes.length > MAX_UPLOAD_BYTES)
    throw new DecodeError(CertsCode.UploadTooLarge, `the upload has ${bytes.length} bytes; we take at most 64 KiB`);
  // PEM is text with a BEGIN line; DER and PKCS#12 start with a SEQUENCE tag (0x30).
  const text = new TextDecoder("latin1").decode(bytes);
  const upload = text.includes("-----BEGIN ") ? decodePem(text) : decodeBinary(bytes, password);
  if (upload.certs.length === 0) throw new DecodeError(CertsCode.NoCertificate, "the upload holds no certificate");
  if (upload.certs.length > MAX_UPLOAD_CERTS)
    throw new DecodeError(
      CertsCode.TooManyCertificates,
      `the upload holds ${upload.certs.length} certificates; we take at most ${MAX_UPLOAD_CERTS} at once`,
    );
  return upload;
}

function decodePem(text: string): Upload {
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const begun = [...text.matchAll(BEGIN)].length;
  if (begun > blocks.length)
    throw new DecodeError(CertsCode.BadPem, `truncated: ${begun - blocks.length} BEGIN line(s) without their END line`);
  const certBlocks = blocks.filter((b) => b[1] === "CERTIFICATE");
  if (certBlocks.length === 0) {
    const found = [...new Set(blocks.map((b) => b[1]))].join(", ");
    throw new DecodeError(CertsCode.NoCertificate, `the PEM holds no CERTIFICATE block (found: ${found})`);
  }
  const certs = certBlocks.map((b, i) => {
    const body = b[2]!.replace(/\s+/g, "");
    if (!BASE64.test(body))
      throw new DecodeError(CertsCode.BadPem, `certificate ${i + 1} of the PEM is not base64 (a damaged or cut line?)`);
    return certificateOf(
      Uint8Array.from(atob(body), (c) => c.charCodeAt(0)),
      CertsCode.BadPem,
      `certificate ${i + 1} of the PEM`,
    );
  });
  return { format: "pem", certs, keys: [] };
}

function decodeBinary(bytes: Uint8Array, password: string): Upload {
  const shape = derShape(bytes);
  if (shape === undefined)
    throw new DecodeError(
      CertsCode.UploadFormat,
      "neither PEM (no BEGIN line) nor DER (it does not start with an ASN.1 SEQUENCE): not a certificate file",
    );
  const code = shape.kind === "pkcs12" ? CertsCode.BadPkcs12 : CertsCode.BadDer;
  if (shape.kind === "cut") throw new DecodeError(code, "truncated: the DER ends inside its first header");
  if (shape.declared !== undefined && shape.declared > bytes.length)
    throw new DecodeError(code, `truncated: the DER says ${shape.declared} bytes, the upload has ${bytes.length}`);
  if (shape.declared !== undefined && shape.declared < bytes.length)
    throw new DecodeError(code, `${bytes.length - shape.declared} bytes follow the end of the DER`);
  if (shape.kind === "certificate") return { format: "der", certs: [certificateOf(bytes, code, "the DER")], keys: [] };
  if (shape.kind === "other")
    throw new DecodeError(
      CertsCode.UploadFormat,
      "DER that is neither an X.509 certificate nor a PKCS#12 file (a private key alone is not taken)",
    );
  const p12 = readPkcs12(bytes, password);
  return {
    format: "pkcs12",
    certs: p12.certs.map((der, i) => certificateOf(der, CertsCode.BadPkcs12, `certificate ${i + 1} of the PKCS#12`)),
    keys: p12.keys.map((der, i) => privateKeyOf(der, i)),
  };
}

function certificateOf(der: Uint8Array, code: string, what: string): X509Certificate {
  const shape = derShape(der);
  if (shape?.kind !== "certificate" || (shape.declared !== undefined && shape.declared !== der.length))
    throw new DecodeError(code, `${what} is not an X.509 certificate (not one DER SEQUENCE of a certificate's shape)`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (cause) {
    throw new DecodeError(code, `${what} is not an X.509 certificate (${(cause as Error).message})`, { cause });
  }
  const unreadable = unreadablePart(cert);
  if (unreadable !== undefined) throw new DecodeError(code, `${what}: ${unreadable}`);
  return cert;
}

function privateKeyOf(der: Uint8Array, i: number): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
  } catch (cause) {
    throw new DecodeError(
      CertsCode.BadPkcs12,
      `private key ${i + 1} of the PKCS#12 does not read (${(cause as Error).message})`,
      { cause },
    );
  }
}
