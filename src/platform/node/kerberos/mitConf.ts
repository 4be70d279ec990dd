import type { KdcSpec } from "../../../kerberos/ports.js";
import type { AuthServer } from "../../../kerberos/settings.js";

/**
 * The MIT configuration files of one device, written from its settings (kdc.conf(5), krb5.conf(5)). Nothing here
 * resolves names: realms, KDCs and host names are taken as given (no DNS, no reverse lookups), since the devices name
 * their servers by address (§4.1.8.3 step 8).
 */

/**
 * Encryption types. Without "Enable AES and RC4" (§4.1.8.3 step 5) a device uses the AES types of RFC 8009 only,
 * which MIT KDCs have and Active Directory lacks; the option adds the AES types of RFC 3962 and RC4-HMAC (RFC 4757),
 * what an AD domain speaks, so a trust with AD needs it (§4.1.8.9 "Requirements").
 */
export const BASE_ENCTYPES = ["aes256-cts-hmac-sha384-192", "aes128-cts-hmac-sha256-128"] as const;
export const AES_RC4_ENCTYPES = ["aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha1-96", "arcfour-hmac"] as const;

export function enctypes(aesRc4: boolean): string[] {
  return aesRc4 ? [...BASE_ENCTYPES, ...AES_RC4_ENCTYPES] : [...BASE_ENCTYPES];
}

/** The key types a KDC keeps for every principal: all of them, so clients with and without the option both work. */
const KDC_KEYS = enctypes(true)
  .map((e) => `${e}:normal`)
  .join(" ");

const LIBDEFAULTS = [
  " dns_lookup_kdc = false",
  " dns_lookup_realm = false",
  " rdns = false",
  " dns_canonicalize_hostname = false",
];

/** kdc.conf: the database, stash, ACL and the addresses of krb5kdc and kadmind on the device's own address. */
export function kdcConf(spec: KdcSpec, dir: string): string {
  const at = (port: number) => `${spec.ip}:${port}`;
  return [
    "[realms]",
    ` ${spec.realm} = {`,
    `  database_name = ${dir}/principal`,
    `  key_stash_file = ${dir}/stash`,
    `  acl_file = ${dir}/kadm5.acl`,
    `  kdc_listen = ${at(spec.port)}`,
    `  kdc_tcp_listen = ${at(spec.port)}`,
    `  kadmind_listen = ${at(spec.adminPort)}`,
    `  kpasswd_listen = ${at(spec.passwordPort)}`,
    `  supported_enctypes = ${KDC_KEYS}`,
    "  max_life = 10h",
    " }",
    "[logging]",
    ` default = FILE:${dir}/kdc.log`,
    "",
  ].join("\n");
}

/** krb5.conf of a server's own tools: its realm on its own address. kpropd takes a ticket for any host/ name. */
export function serverKrb5Conf(spec: KdcSpec): string {
  return [
    "[libdefaults]",
    ` default_realm = ${spec.realm}`,
    ...LIBDEFAULTS,
    // kpropd asks for host/<this machine's name>; the primary sends one for host/<this device's address>.
    " ignore_acceptor_hostname = true",
    "[realms]",
    ` ${spec.realm} = {`,
    `  kdc = ${spec.ip}:${spec.port}`,
    `  admin_server = ${spec.ip}:${spec.adminPort}`,
    " }",
    "",
  ].join("\n");
}

/**
 * krb5.conf of a client device: one realm per Authentication Server row, primary KDC first (§4.1.8.3), and the
 * [capaths] of the trusts: a trusted realm and the joined realm reach each other directly (§4.1.8.9: a Realm trust,
 * nontransitive). Without them MIT walks the realm names' hierarchy, which for WINAD.TEST and IPDECT.TEST passes
 * through a realm TEST that no one serves.
 */
export function clientKrb5Conf(
  servers: readonly AuthServer[],
  defaultRealm: string | undefined,
  aesRc4: boolean,
): string {
  const types = enctypes(aesRc4).join(" ");
  const realms = servers.flatMap((s) => [
    ` ${s.realm} = {`,
    `  kdc = ${s.address}:${s.port}`,
    ...(s.secondaryAddress === undefined ? [] : [`  kdc = ${s.secondaryAddress}:${s.secondaryPort}`]),
    `  admin_server = ${s.address}:${s.adminPort}`,
    " }",
  ]);
  return [
    "[libdefaults]",
    ...(defaultRealm === undefined ? [] : [` default_realm = ${defaultRealm}`]),
    ...LIBDEFAULTS,
    ` default_tkt_enctypes = ${types}`,
    ` default_tgs_enctypes = ${types}`,
    // What this device asks for; it still takes what servers choose among all types (kadmind picks its own).
    ` permitted_enctypes = ${enctypes(true).join(" ")}`,
    "[realms]",
    ...realms,
    ...capaths(servers, defaultRealm),
    "",
  ].join("\n");
}

function capaths(servers: readonly AuthServer[], joined: string | undefined): string[] {
  const others = servers.map((s) => s.realm).filter((r) => r !== joined);
  if (joined === undefined || others.length === 0) return [];
  const direct = (from: string, to: readonly string[]) => [` ${from} = {`, ...to.map((r) => `  ${r} = .`), " }"];
  return ["[capaths]", ...direct(joined, others), ...others.flatMap((r) => direct(r, [joined]))];
}
