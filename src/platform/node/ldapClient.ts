import type { TLSSocket } from "node:tls";
import ldap from "ldapjs";
import { IoError } from "../../core/errors.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { PlatformCode } from "./errors.js";
import { NO_CERTIFICATE, serverAlert, trustServer } from "./tlsClient.js";

/** How long a connection attempt and each request may take before the server counts as gone. */
export const REQUEST_TIMEOUT_MS = 5000;

/** Where and as whom an LDAP client binds: simple bind (§4.5.3.2 "Configure AD Server": only simple binding). */
export interface LdapBind {
  /** `host:port`. */
  readonly server: string;
  readonly tls: boolean;
  readonly user: string;
  readonly password: string;
}

/**
 * The ldapjs client of the device (the one module that creates one): connects to `to.server`, with ldaps when
 * `to.tls`, with the device's certificate, trust list and TLS profile: the server is judged by the same code as every
 * TLS server the device connects to (tlsClient.ts `trustServer`: the rejected list, the TLS alarms, the §4.7.2.1 key
 * usage), named `ldaps host:port`, before the bind. Throws IoError LDAP_CONNECT when the server cannot be reached, is
 * not trusted, or refuses the bind.
 */
export async function bindLdap(to: LdapBind, tls?: TlsPolicy): Promise<ldap.Client> {
  const url = `${to.tls ? "ldaps" : "ldap"}://${to.server}`;
  const secure = to.tls ? tls : undefined;
  const options = secure?.options();
  if (to.tls && options === undefined) throw new IoError(PlatformCode.LdapConnect, `${url}: ${NO_CERTIFICATE}`);
  const peer = `ldaps ${to.server}`;
  const client = ldap.createClient({
    url,
    connectTimeout: REQUEST_TIMEOUT_MS,
    timeout: REQUEST_TIMEOUT_MS,
    // The device's TLS options: its certificate, the trust list as the only CAs (never Node's built-in ones,
    // §4.1.10.1), its profile. The server is judged after the handshake like every TLS server the device uses.
    ...(options === undefined ? {} : { tlsOptions: { ...options, rejectUnauthorized: false } }),
  });
  const broken = new Promise<never>((_, reject) => {
    client.once("connectError", reject);
    client.once("error", reject);
    client.once("connectTimeout", () => reject(new Error("connect timeout")));
  });
  broken.catch(() => undefined);
  try {
    const sock = await Promise.race([new Promise<TLSSocket>((resolve) => client.once("connect", resolve)), broken]);
    // Nothing has been sent yet: an untrusted server never sees the bind and its password.
    const refused = secure === undefined ? undefined : trustServer(secure, sock, peer);
    if (refused !== undefined) throw new Error(refused);
    // A TLS 1.3 server that refuses the device's certificate says so after the handshake: the bind sees its alert.
    await Promise.race([
      new Promise<void>((resolve, reject) =>
        client.bind(to.user, to.password, (err) => (err ? reject(err) : resolve())),
      ),
      broken,
    ]);
  } catch (cause) {
    client.destroy();
    const alert = secure === undefined ? undefined : serverAlert(secure, cause, peer);
    const why = alert ?? (cause instanceof Error ? cause.message : String(cause));
    throw new IoError(PlatformCode.LdapConnect, `${url}: ${why}`, { cause });
  }
  return client;
}

/** One entry of a search: its DN and each attribute's values as bytes (lower-case names). */
export interface LdapEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, readonly Uint8Array[]>>;
}

/** A small unpaged search, all entries at once, values as bytes (binary attributes such as objectSid stay intact). */
export function searchEntries(
  client: ldap.Client,
  base: string,
  scope: "base" | "sub",
  filter: string,
  attributes: readonly string[],
): Promise<LdapEntry[]> {
  return new Promise((resolve, reject) => {
    client.search(base, { scope, filter, attributes: [...attributes] }, (err, res) => {
      if (err) return reject(err);
      const out: LdapEntry[] = [];
      res.on("searchEntry", (e) => {
        const attrs: Record<string, Uint8Array[]> = {};
        for (const a of e.attributes) attrs[a.type.toLowerCase()] = a.buffers;
        out.push({ dn: e.pojo.objectName ?? "", attributes: attrs });
      });
      res.on("error", reject);
      res.on("end", () => resolve(out));
    });
  });
}
