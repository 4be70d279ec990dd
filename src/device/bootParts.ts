import { CertStore } from "../certs/CertStore.js";
import { rsaKeys } from "../certs/keys.js";
import { provision } from "../certs/provision.js";
import { DEFAULT_TLS_SETTINGS } from "../certs/settings.js";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { Logger } from "../core/Logger.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit } from "../role/EventLog.js";
import { LinkGuard } from "../role/LinkGuard.js";
import { LinkKey } from "../role/linkKey.js";
import type { Channel, Endpoint } from "../wire/Transport.js";
import type { Clock } from "../core/Clock.js";
import type { Rng } from "../core/Rng.js";
import type { Store } from "../core/Store.js";
import type { KeySource } from "../certs/keys.js";
import { Administration, type UserAdminAccounts } from "../auth/Administration.js";
import type { RealmLogin } from "../auth/realm.js";
import { DEFAULT_ADMIN_SETTINGS } from "../auth/adminSettings.js";

/** The start-up warning of a device on the factory DECT system password (§4.6.1; docs/design.md "Device links"). */
export const FACTORY_WARNING = "FACTORY_SYSTEM_PASSWORD";
export const FACTORY_TEXT =
  "the DECT system password is the factory default: anyone on the LAN can seal device frames; set system.password (§4.6.1)";

/**
 * The link guard of boot number `boot`. The boot nonce comes from the device's random stream, forked by boot time and
 * count so the sim (whose devices restart with the same seed) still gets a new one at every boot, and a seed the same
 * log.
 */
export async function bootLinkGuard(
  cfg: DeviceConfig,
  env: { readonly rng: Rng; readonly clock: Clock; readonly carryFrames?: boolean },
  boot: number,
  transmit: (to: Endpoint, channel: Channel, frame: Uint8Array) => void,
): Promise<LinkGuard> {
  const key = await LinkKey.of(cfg.system);
  const rng = env.rng.fork(`link-boot:${env.clock.now()}:${boot}`);
  const nonce = new Uint8Array(8);
  const view = new DataView(nonce.buffer);
  view.setUint32(0, rng.int(2 ** 32));
  view.setUint32(4, rng.int(2 ** 32));
  return new LinkGuard({
    key,
    ip: cfg.ip,
    mac: cfg.mac.bytes,
    boot: nonce,
    device: cfg.name,
    transmit,
    carry: env.carryFrames === true,
  });
}

/**
 * The certificate store as flash holds it (§4.1.10), with the configuration's TLS settings, provisioned with its
 * certificates section where that differs from what the store last applied (certs/provision.ts).
 */
export async function loadCertStore(
  cfg: DeviceConfig,
  env: {
    readonly store: Store;
    readonly clock: Clock;
    readonly keys?: KeySource;
    readonly defaultCertificate?: "at-start" | "on-demand";
  },
  alarms: Alarms,
  emit: Emit,
  log: Logger,
): Promise<CertStore> {
  const certsLog = log.child({ module: "certs" });
  const certs = await CertStore.load(
    {
      store: env.store,
      clock: env.clock,
      keys: env.keys ?? rsaKeys,
      alarms,
      emit,
      log: certsLog,
      mac: cfg.mac,
      ip: cfg.ip,
      defaultCertificate: env.defaultCertificate ?? "at-start",
    },
    cfg.tls ?? DEFAULT_TLS_SETTINGS,
  );
  if (cfg.certificates !== undefined)
    await provision(certs, cfg.certificates, { store: env.store, log: certsLog, emit });
  return certs;
}

/**
 * Administrator access of one boot (§3.4, §4.1): the default System Administrator from flash, the User
 * Administrators of a Master, and the device's Kerberos client once it runs (§4.1.8.7, §4.1.8.8).
 */
export function startAdministration(
  cfg: DeviceConfig,
  env: { readonly store: Store; readonly clock: Clock; readonly webAdmin?: boolean },
  emit: Emit,
  userAdmins: UserAdminAccounts | undefined,
  kerberos: { realmLogin(): RealmLogin | undefined; localAuthenticationDisabled(): boolean },
): Promise<Administration> {
  return Administration.start({
    store: env.store,
    clock: env.clock,
    emit,
    settings: cfg.admin ?? DEFAULT_ADMIN_SETTINGS,
    announce: env.webAdmin === true,
    ...(userAdmins === undefined ? {} : { userAdmins }),
    realm: () => kerberos.realmLogin(),
    localDisabled: () => kerberos.localAuthenticationDisabled(),
  });
}
