import type { FieldReader } from "../core/config/FieldReader.js";
import { masked, secretsUnder, unmasked, type Secret } from "../core/config/secrets.js";
import { SYSTEM_SECRETS } from "../role/system.js";
import { SECTIONS } from "./sections.js";

/**
 * Every secret of the device configuration, by its place in deviceToObject's answer: the device's own alarm forwarding
 * URL (§4.9.2; a password in its userinfo), the DECT system password (§4.6.1), then
 * each section's as the section declares them (ConfigSection.secrets). The users' and certificates' secrets are not
 * here: no answer that masks shows those sections (users and certificates have routes of their own).
 */
export const CONFIG_SECRETS: readonly Secret[] = [
  { path: ["alarmForward"], url: true },
  ...secretsUnder("system", SYSTEM_SECRETS),
  ...SECTIONS.flatMap((s) => secretsUnder(s.key, s.secrets ?? [])),
];

/** Plain configuration data (deviceToObject's) with every secret shown as SECRET_MASK. */
export const maskedConfig = <T>(o: T): T => masked(o, CONFIG_SECRETS);

/**
 * Plain configuration data of a change with every SECRET_MASK replaced by the secret `stored` (deviceToObject's of the
 * configuration the change edits) holds there; a mask where none is stored is refused at its field (`r`).
 */
export const configUnmasked = (given: unknown, stored: unknown, r: FieldReader): unknown =>
  unmasked(given, stored, CONFIG_SECRETS, r);
