import { DecodeError } from "../../core/errors.js";
import { Mac } from "../../core/identity/Mac.js";
import { KerberosCode } from "../../kerberos/errors.js";
import { readJoinSection, readServerText } from "../../kerberos/joinFields.js";
import { orderToWire, type WireOrder } from "../../kerberos/joinWire.js";
import { readName, readPassword } from "../../kerberos/roles.js";
import { realmProblem } from "../../kerberos/settings.js";
import { optional, text } from "../params.js";

/**
 * The Kerberos section and Authentication Servers of Device Overview → Add (§4.1.8.6 steps 4-8) as parameters of
 * radio-add. The servers are one text of rows separated by spaces. All optional; any one given makes realm, user, password and the realm's server required. The password
 * goes to the PARI Master's memory and on to the radio over the sealed stream only (docs/design.md "Kerberos joins").
 */

function realm(t: string, key: string): string {
  const problem = realmProblem(t);
  if (problem !== undefined) throw new DecodeError(KerberosCode.RealmText, `${key} ${problem}`);
  return t;
}

function yesNo(t: string, key: string): boolean {
  if (t !== "true" && t !== "false") throw new DecodeError(KerberosCode.Choice, `${key} must be true or false`);
  return t === "true";
}

/** The Authentication Server rows, separated by spaces (joinFields.ts `readServerText`). */
function readServerRows(t: string, key: string): ReturnType<typeof readServerText>[] {
  return t
    .split(/\s+/)
    .filter((row) => row !== "")
    .map((row, i) => readServerText(row, `${key}[${i}]`));
}

const flag = (option: string, key: string) => ({
  ...optional(text(yesNo)),
  ctl: { option, value: "true|false" },
  fleet: { key },
});

export const ADD_KERBEROS_PARAMS = {
  kerberosRealm: {
    ...optional(text(realm)),
    ctl: { option: "kerberos-realm", value: "<REALM>" },
    fleet: { key: "kerberosRealm" },
  },
  kerberosHost: {
    ...optional(text(readName)),
    ctl: { option: "kerberos-host", value: "<host name>" },
    fleet: { key: "kerberosHost" },
  },
  kerberosUser: {
    ...optional(text(readName)),
    ctl: { option: "kerberos-user", value: "<name>" },
    fleet: { key: "kerberosUser" },
  },
  kerberosPassword: {
    ...optional(text(readPassword)),
    ctl: { option: "kerberos-password", value: "<password>" },
    fleet: { key: "kerberosPassword" },
  },
  disableLocal: flag("disable-local", "disableLocal"),
  aesRc4: flag("aes-rc4", "aesRc4"),
  overwrite: flag("overwrite", "overwrite"),
  authServers: {
    ...optional(text(readServerRows)),
    ctl: { option: "auth-servers", value: '"<REALM@address[:port][/secondary[:port]]> ..."' },
    fleet: { key: "authServers" },
  },
};

type Section = {
  readonly kerberosRealm?: string | undefined;
  readonly kerberosHost?: string | undefined;
  readonly kerberosUser?: string | undefined;
  readonly kerberosPassword?: string | undefined;
  readonly disableLocal?: boolean | undefined;
  readonly aesRc4?: boolean | undefined;
  readonly overwrite?: boolean | undefined;
  readonly authServers?: ReturnType<typeof readServerText>[] | undefined;
};

/** The order for the radio with `mac`, or undefined when the Add has no Kerberos section. */
export function kerberosOrderOf(mac: string, a: Section): WireOrder | undefined {
  const order = readJoinSection({
    realm: a.kerberosRealm,
    host: a.kerberosHost,
    user: a.kerberosUser,
    password: a.kerberosPassword,
    disableLocal: a.disableLocal,
    aesRc4: a.aesRc4,
    overwrite: a.overwrite,
    servers: a.authServers,
  });
  return order === undefined ? undefined : orderToWire(order, Mac.parse(mac).bytes);
}
