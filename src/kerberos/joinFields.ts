import { isIpv4 } from "../core/config/ipv4.js";
import { DecodeError } from "../core/errors.js";
import { KerberosJoinCode } from "./joinErrors.js";
import { checkOrder, type JoinOrder } from "./joinOrder.js";
import { DEFAULT_ADMIN_PORT, DEFAULT_KDC_PORT, PORT_MAX, realmProblem, type AuthServer } from "./settings.js";

/**
 * The Kerberos section and Authentication Servers of Device Overview → Add (§4.1.8.6) as the API's radio-add takes
 * them: flat fields (each already read by its own rule), and one text per server row,
 * `REALM@address[:port][/secondary-address[:port]]` (the Admin Ports keep their defaults, as App. E's line has them).
 */
export interface JoinFields {
  readonly realm?: string | undefined;
  readonly host?: string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly disableLocal?: boolean | undefined;
  readonly aesRc4?: boolean | undefined;
  readonly overwrite?: boolean | undefined;
  readonly servers?: readonly AuthServer[] | undefined;
}

const ROW = /^([^@]+)@([0-9.]+)(?::([0-9]{1,5}))?(?:\/([0-9.]+)(?::([0-9]{1,5}))?)?$/;

/** One Authentication Server row as text (see above), or a DecodeError naming `key`. */
export function readServerText(text: string, key: string): AuthServer {
  const bad = (why: string): never => {
    throw new DecodeError(KerberosJoinCode.Order, `${key} ${why}`, { field: key });
  };
  const m = ROW.exec(text);
  if (m === null) return bad("must be REALM@address[:port][/secondary-address[:port]]");
  const [, realm, address, port, secondary, secondaryPort] = m;
  const problem = realmProblem(realm!);
  if (problem !== undefined) bad(`realm ${problem}`);
  for (const a of [address, secondary]) if (a !== undefined && !isIpv4(a)) bad(`${a} is not a dotted IPv4 address`);
  const portOf = (t: string | undefined): number => {
    const n = t === undefined ? DEFAULT_KDC_PORT : Number(t);
    return n >= 1 && n <= PORT_MAX ? n : bad(`port ${t} is not from 1 to ${PORT_MAX}`);
  };
  return {
    realm: realm!,
    address: address!,
    port: portOf(port),
    adminPort: DEFAULT_ADMIN_PORT,
    ...(secondary === undefined ? {} : { secondaryAddress: secondary }),
    secondaryPort: portOf(secondaryPort),
    secondaryAdminPort: DEFAULT_ADMIN_PORT,
  };
}

/**
 * The join order of a Kerberos section, or undefined when none of its fields is given. Realm, user, password and the
 * realm's Authentication Server are required once any field is (§4.1.8.6 steps 4-8).
 */
export function readJoinSection(f: JoinFields): JoinOrder | undefined {
  if (Object.values(f).every((v) => v === undefined)) return undefined;
  const need = <T>(v: T | undefined, name: string): T =>
    v ?? fail(name, `the Kerberos section needs ${name} once any of its fields is given (§4.1.8.6)`);
  return checkOrder(
    {
      realm: need(f.realm, "kerberosRealm"),
      ...(f.host === undefined ? {} : { host: f.host }),
      admin: { user: need(f.user, "kerberosUser"), password: need(f.password, "kerberosPassword") },
      force: f.overwrite ?? false,
      disableLocal: f.disableLocal ?? false,
      aesRc4: f.aesRc4 ?? false,
      servers: f.servers ?? [],
    },
    "authServers",
  );
}

function fail(field: string, message: string): never {
  throw new DecodeError(KerberosJoinCode.Order, message, { field });
}
