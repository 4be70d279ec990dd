import { isIpv4 } from "../core/config/ipv4.js";
import { DecodeError } from "../core/errors.js";
import type { Body } from "../wire/codec.js";
import { KerberosJoinCode } from "./joinErrors.js";
import { checkOrder, type JoinOrder } from "./joinOrder.js";
import { readName, readPassword } from "./roles.js";
import { DEFAULT_ADMIN_PORT, DEFAULT_KDC_PORT, PORT_MAX, realmProblem, type AuthServer } from "./settings.js";

/**
 * The Kerberos section of Device Overview → Add (§4.1.8.6) on the sealed stream from PARI Master to radio (proto
 * KerberosOrder), both ways. The radio reads it with the same rules as the API and App. E's line: a field that breaks
 * one is a DecodeError naming it, and the frame is dropped.
 */
export type WireOrder = Body<"kerberosOrder">;

export function orderToWire(order: JoinOrder, mac: Uint8Array): WireOrder {
  return {
    mac,
    realm: order.realm,
    host: order.host ?? "",
    user: order.admin.user,
    password: order.admin.password,
    disableLocal: order.disableLocal,
    aesRc4: order.aesRc4,
    force: order.force,
    servers: order.servers.map((s) => ({
      realm: s.realm,
      address: s.address,
      port: s.port,
      adminPort: s.adminPort,
      secondaryAddress: s.secondaryAddress ?? "",
      secondaryPort: s.secondaryPort,
      secondaryAdminPort: s.secondaryAdminPort,
    })),
  };
}

/** proto KerberosOrder → JoinOrder; throws DecodeError (KERBEROS_JOIN_ORDER or the readers' codes) naming the field. */
export function orderFromWire(w: WireOrder): JoinOrder {
  const bad = (field: string, message: string): never => {
    throw new DecodeError(KerberosJoinCode.Order, message, { field: `kerberos_order.${field}` });
  };
  const realm = (text: string | null | undefined, field: string): string => {
    const problem = realmProblem(text ?? "");
    return problem === undefined ? text! : bad(field, `realm ${problem}`);
  };
  const read = (f: (t: string, k: string) => string, text: string | null | undefined, field: string): string => {
    try {
      return f(text ?? "", field);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      throw new DecodeError(e.code, e.reason, { field: `kerberos_order.${field}`, cause: e });
    }
  };
  const port = (n: number | null | undefined, fallback: number, field: string): number => {
    const v = n ?? 0;
    if (v > PORT_MAX) bad(field, `a port from 1 to ${PORT_MAX}`);
    return v === 0 ? fallback : v;
  };
  const ipv4 = (text: string | null | undefined, field: string): string =>
    isIpv4(text ?? "") ? text! : bad(field, "not a dotted IPv4 address");
  const servers = (w.servers ?? []).map((s, i): AuthServer => {
    const at = (f: string) => `servers[${i}].${f}`;
    const secondary = s.secondaryAddress ?? "";
    return {
      realm: realm(s.realm, at("realm")),
      address: ipv4(s.address, at("address")),
      port: port(s.port, DEFAULT_KDC_PORT, at("port")),
      adminPort: port(s.adminPort, DEFAULT_ADMIN_PORT, at("admin_port")),
      ...(secondary === "" ? {} : { secondaryAddress: ipv4(secondary, at("secondary_address")) }),
      secondaryPort: port(s.secondaryPort, DEFAULT_KDC_PORT, at("secondary_port")),
      secondaryAdminPort: port(s.secondaryAdminPort, DEFAULT_ADMIN_PORT, at("secondary_admin_port")),
    };
  });
  const host = w.host ?? "";
  return checkOrder(
    {
      realm: realm(w.realm, "realm"),
      ...(host === "" ? {} : { host: read(readName, host, "host") }),
      admin: { user: read(readName, w.user, "user"), password: read(readPassword, w.password, "password") },
      force: w.force === true,
      disableLocal: w.disableLocal === true,
      aesRc4: w.aesRc4 === true,
      servers,
    },
    "kerberos_order",
  );
}
