import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { compact } from "../core/config/plainObject.js";
import { SnmpCode } from "./errors.js";
import type { SnmpSettings, SnmpV3User } from "./settings.js";

/**
 * What an answer shows in place of a secret of the `snmp` section: the community, which "acts like a password"
 * (§4.9.5 SNMPv1 step 3), and the SNMPv3 Password (Auth) and Password (Crypt). An Auditor reads the settings
 * (§3.4.2) but not these; sent back in a change, the mask keeps the secret stored at its place, as a password field
 * of a settings page does. The mask itself can therefore not be a secret.
 */
export const SECRET_MASK = "********";

type V3Secret = "authPassword" | "privPassword";
const V3_SECRETS: readonly V3Secret[] = ["authPassword", "privPassword"];

/** `s` with every secret replaced by SECRET_MASK. */
export function maskSnmp(s: SnmpSettings): SnmpSettings {
  const v3 = s.v3;
  const masked = v3 === undefined ? undefined : compact({ ...v3, ...maskedV3(v3) });
  return compact({ ...s, community: SECRET_MASK, v3: masked });
}

function maskedV3(v3: SnmpV3User): Partial<SnmpV3User> {
  return Object.fromEntries(V3_SECRETS.filter((k) => v3[k] !== undefined).map((k) => [k, SECRET_MASK]));
}

/**
 * `s` (read from a change) with each secret that is SECRET_MASK replaced by the one `stored` holds at the same place.
 * A mask where nothing is stored is refused at its field: the secret itself must be given.
 */
export function keepMaskedSecrets(s: SnmpSettings, stored: SnmpSettings | undefined, r: FieldReader): SnmpSettings {
  const kept = (given: string | undefined, old: string | undefined, path: Path): string | undefined => {
    if (given !== SECRET_MASK) return given;
    if (old === undefined)
      r.fail(path, SnmpCode.Settings, `${SECRET_MASK} keeps the stored secret, and none is stored here: give it`);
    return old;
  };
  const community = kept(s.community, stored?.community, ["community"])!;
  const v3 =
    s.v3 === undefined
      ? undefined
      : compact({
          ...s.v3,
          authPassword: kept(s.v3.authPassword, stored?.v3?.authPassword, ["v3", "authPassword"]),
          privPassword: kept(s.v3.privPassword, stored?.v3?.privPassword, ["v3", "privPassword"]),
        });
  return compact({ ...s, community, v3 });
}
