import { masked, type Secret } from "../core/config/secrets.js";
import type { DhcpOptions } from "./dhcpOptions.js";
import { DEFAULT_POLL_MINUTES, type UpdateSettings } from "./settings.js";

/** What a DHCP answer says about updates: App. I.3's options 215 and 216, and seed 002's option 66 (with 67). */
export interface DhcpUpdateOptions {
  /** Option 215 "Update URL": "identical to the /url option parameter of the UP1 module" (App. I.3). */
  readonly url?: string;
  /** Option 216 "Update Poll Interval": "Standard poll interval in minutes … identical to the /poll option" (App. I.3). */
  readonly pollMinutes?: number;
  /** Option 66 "TFTP server name": seed 002's provisioning server URL. Not UP1's: App. I names only 215 and 216. */
  readonly tftpServer?: string;
  /** Option 67 "Bootfile name". */
  readonly bootfile?: string;
}

/**
 * A DHCP answer as the device's host received it (App. I; `ipdect node --dhcp <interface>`): the device takes its
 * options only and keeps its configured address (docs/design.md "DHCP (App. I)").
 */
export interface DhcpAnswer {
  /** The host's network interface it was asked on. */
  readonly interface: string;
  /** The server that acknowledged (option 54). */
  readonly serverId: string;
  /** When it came: ms since the epoch. */
  readonly receivedAt: number;
  /** Every option of the DHCPACK, typed: 66, 67 and App. I.3's 215/216 (also inside 43) among them. */
  readonly options: DhcpOptions;
}

/** The URLs of an answer that may hold a password in their userinfo: 66 (seed 002's URL) and 215 (UP1's `/url`). */
const DHCP_SECRETS: readonly Secret[] = [
  { path: ["options", "tftpServer"], url: true },
  { path: ["options", "vendor", "updateUrl"], url: true },
];

/** An answer as the status shows it: the passwords of its URLs masked, as UP1's own URL's is (status.ts). */
export const dhcpAnswerShown = (a: DhcpAnswer | undefined): DhcpAnswer | undefined =>
  a === undefined ? undefined : masked(a, DHCP_SECRETS);

/** The update-relevant part of a DHCP answer's options. */
export function dhcpUpdateOptions(o: DhcpOptions): DhcpUpdateOptions {
  return {
    ...(o.vendor.updateUrl === undefined ? {} : { url: o.vendor.updateUrl }),
    ...(o.vendor.updatePollMinutes === undefined ? {} : { pollMinutes: o.vendor.updatePollMinutes }),
    ...(o.tftpServer === undefined ? {} : { tftpServer: o.tftpServer }),
    ...(o.bootfile === undefined ? {} : { bootfile: o.bootfile }),
  };
}

/**
 * The update settings in force (UP1 `/url` and `/poll`) given the configuration's `settings` and a DHCP answer's
 * `dhcp`. App. I.4 on `config change UP1 /no-dhcp`: "The update server uses the config files configuration even though
 * there is a configuration supplied from DHCP (innovaphone vendor options "Update URL [215]" and "Update Poll Interval
 * [216]" are ignored)." So without `/no-dhcp` what DHCP supplies wins over the configuration, each option for its own
 * parameter (App. I.8: "If a device has been configured by DHCP, those parameters cannot be changed"); with it, DHCP is
 * not looked at. A poll interval of 0, which a Word can hold but is no interval (§4.9.1: 1..65535), is not used. Options
 * 66 and 67 do not touch UP1. Undefined: no update section and nothing from DHCP, the device does not poll.
 */
export function updateFromDhcp(
  settings: UpdateSettings | undefined,
  dhcp: DhcpUpdateOptions | undefined,
): UpdateSettings | undefined {
  if (dhcp === undefined || settings?.noDhcp === true) return settings;
  const url = dhcp.url ?? settings?.url;
  const poll = dhcp.pollMinutes !== undefined && dhcp.pollMinutes > 0 ? dhcp.pollMinutes : undefined;
  if (settings === undefined && url === undefined && poll === undefined) return undefined;
  return {
    ...(url === undefined ? {} : { url }),
    pollMinutes: poll ?? settings?.pollMinutes ?? DEFAULT_POLL_MINUTES,
    noDhcp: false,
  };
}
