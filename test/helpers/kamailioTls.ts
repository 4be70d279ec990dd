import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** kamailio as a SIPS registrar: its certificate and key (PEM files), and the TLS port (default: a free one). */
export interface KamailioTls {
  readonly certFile: string;
  readonly keyFile: string;
  readonly port?: number;
}

/** Core settings of kamailio.cfg for a TLS listener (kamailio's tls module, RFC 3261 §26.2: SIPS over TLS). */
export function tlsCoreLines(ip: string, port: number): string {
  return `enable_tls=yes\nlisten=tls:${ip}:${port}`;
}

/** The tls module, loaded first (it must wrap the TCP code before other modules use it), and its config file. */
export function tlsModuleLines(configFile: string): string {
  return `loadmodule "tls.so"\nmodparam("tls", "config", ${JSON.stringify(configFile)})`;
}

/**
 * The tls module's own config file: a server with the given certificate, TLS 1.2 or later; clients are not asked for a
 * certificate (the device proves nothing by TLS here, it uses digest auth like over UDP/TCP).
 */
export function writeTlsConfig(dir: string, tls: KamailioTls): string {
  const file = join(dir, "tls.cfg");
  writeFileSync(
    file,
    `[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = ${tls.keyFile}
certificate = ${tls.certFile}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
`,
  );
  return file;
}
