import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A certificate and key made by the real `openssl` CLI, as files and as PEM text. */
export interface OpensslCert {
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
}

/** A self-signed server certificate for `ip` (CN and an IP SAN, RFC 5280 §4.2.1.6), RSA 2048, valid 2 days. */
export function selfSignedFor(dir: string, name: string, ip: string): OpensslCert {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
      ...["-keyout", keyFile, "-out", certFile, "-subj", `/CN=${name}`, "-addext", `subjectAltName=IP:${ip}`],
    ],
    { stdio: "ignore" },
  );
  return { certFile, keyFile, certPem: readFileSync(certFile, "utf8") };
}
