import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import type { Path } from "../src/core/config/Locator.js";
import { describeRing, findReferenceRing } from "../src/sync/referenceRing.js";
import { formatDuration } from "../src/core/duration.js";
import { SimCode, type FleetCode } from "./errors.js";
import type { HandsetSection } from "./handsetSection.js";
import type { DnsSection, PbxConfig } from "./pbxSection.js";
import type { UpdateServerConfig } from "./updateServerSection.js";
import { checkPbxAuth } from "./pbxAuth.js";

/** Reports one broken cross-reference and goes on (the fleet reader collects them all). */
export type Report = (path: Path, code: FleetCode, msg: string) => void;

/** A device of the fleet with its index in the file's `devices` list (a device with errors is left out). */
export interface Entry {
  readonly device: DeviceConfig;
  readonly index: number;
  /** The device was made by a template (fleetTemplates.ts): messages name it, as its entry makes several. */
  readonly generated?: boolean;
}

/** What the cross-reference checks look at, read from the file first. */
export interface References {
  readonly entries: readonly Entry[];
  /**
   * Names and IP addresses of the devices whose entries have errors (collected already): a reference to one of them
   * gets no second error, nor does the rest of the fleet for missing them.
   */
  readonly unread: { readonly names: ReadonlySet<string>; readonly ips: ReadonlySet<string>; readonly radios: boolean };
  readonly pbx: readonly PbxConfig[];
  readonly updateServers: readonly UpdateServerConfig[];
  readonly dns?: DnsSection;
  /** Addresses outside the fleet that a radio or Standby may name (`external`: a real Master in a live lab). */
  readonly external: ReadonlySet<string>;
  readonly until?: number;
  readonly faults: readonly { readonly at: number; readonly index: number }[];
  readonly handsets?: HandsetSection;
}

/**
 * The rules between the parts of a fleet file, checked once it is read: unique names, IP and MAC addresses; the
 * Master, PARI Master and primary addresses a device names belong to a Master of the fleet; faults inside the run;
 * handsets with radios and a Master; users who can authenticate to the PBXs they register with. Each error is at one place and names the other; `place` says where a path is.
 */
export function checkReferences(refs: References, place: (path: Path) => string, report: Report): void {
  checkUnique(refs, place, report);
  checkAddresses(refs, report);
  checkSyncNames(refs.entries, report);
  const pbxNames = new Set(refs.pbx.map((x) => x.name));
  refs.pbx.forEach((x, i) => {
    if (x.redirectTo !== undefined && (!pbxNames.has(x.redirectTo) || x.redirectTo === x.name))
      report(["pbx", i, "redirectTo"], SimCode.FleetPbx, `redirectTo must name another PBX of this fleet`);
  });
  checkPbxAuth(refs, place, report);
  const until = refs.until;
  if (until !== undefined)
    for (const f of refs.faults)
      if (f.at > until)
        report(
          ["faults", f.index, "at"],
          SimCode.FleetFaultAfterUntil,
          `${formatDuration(f.at)} is after the end of the run (until: ${formatDuration(until)} at ${place(["until"])}): it would never happen`,
        );
  const h = refs.handsets;
  if (h === undefined) return;
  const byName = new Map(refs.entries.map((e) => [e.device.name, e.device]));
  if (h.master !== undefined && !refs.unread.names.has(h.master) && byName.get(h.master)?.master === undefined)
    report(["handsets", "master"], SimCode.FleetHandsets, `${h.master} is not a device with a Master role`);
  if (!refs.unread.radios && !refs.entries.some((e) => e.device.radio !== undefined))
    report(["handsets"], SimCode.FleetHandsets, "handsets need radios: no device of this fleet has a radio section");
}

/**
 * Names and IP addresses (devices, PBXs and update servers) and MAC addresses (devices) are each used once.
 */
function checkUnique(refs: References, place: (path: Path) => string, report: Report): void {
  const items = [
    ...refs.entries.map((e) => ({
      path: ["devices", e.index] as Path,
      ...e.device,
      mac: e.device.mac.toString(),
      generated: e.generated === true,
    })),
    ...[
      ...refs.pbx.map((x, i) => ({ x, path: ["pbx", i] as Path })),
      ...refs.updateServers.map((x, i) => ({ x, path: ["updateServers", i] as Path })),
    ].map(({ x, path }) => ({ path, name: x.name, ip: x.ip, mac: undefined, generated: false })),
  ];
  const rules = [
    ["name", SimCode.FleetDuplicateName, "name"],
    ["ip", SimCode.FleetDuplicateIp, "IP address"],
    ["mac", SimCode.FleetDuplicateMac, "MAC address"],
  ] as const;
  for (const [key, code, what] of rules) {
    const first = new Map<string, { path: Path; by: string }>();
    for (const item of items) {
      const value = item[key];
      if (value === undefined) continue;
      const seen = first.get(value);
      // A generated device is named: its entry makes several.
      const by = item.generated ? `by ${item.name} ` : "";
      if (seen === undefined) first.set(value, { path: [...item.path, key], by });
      else report([...item.path, key], code, `${what} ${value} ${by}is also used ${seen.by}at ${place(seen.path)}`);
    }
  }
}

/**
 * A radio's Master, alternate Master, PARI Master and Alt. PARI Master (§4.6.31, §4.6.32), a Standby's primary and a
 * Mirror's peer (§4.6.19) are Masters of this fleet, or addresses the file lists as `external`.
 */
function checkAddresses(refs: References, report: Report): void {
  const masters = new Set(
    refs.entries.filter((e) => (e.device.master?.mode ?? "off") !== "off").map((e) => e.device.ip),
  );
  const check = (ip: string | undefined, path: Path) => {
    if (ip === undefined || masters.has(ip) || refs.external.has(ip) || refs.unread.ips.has(ip)) return;
    report(
      path,
      SimCode.FleetUnknownAddress,
      `no Master of this fleet has the address ${ip} (list it under external: if it is outside the fleet)`,
    );
  };
  for (const { device: d, index } of refs.entries) {
    for (const key of ["master", "alternateMaster", "pariMaster", "altPariMaster"] as const)
      check(d.radio?.[key], ["devices", index, "radio", key]);
    check(d.master?.primary, ["devices", index, "master", "primary"]);
    check(d.master?.mirrorPeer, ["devices", index, "master", "mirrorPeer"]);
  }
}

/**
 * Sync settings that name devices of the fleet (§4.6.36): a static Sync RFPI must be in the radio's own region, and
 * reference sync between regions must not form a ring.
 */
function checkSyncNames(entries: readonly Entry[], report: Report): void {
  const names = new Map(entries.map((e) => [e.device.name, e.device]));
  const region = (d: DeviceConfig) => (d.kind === "IPBL" ? 0 : (d.radio?.region ?? 0));
  const refs = new Map<number, number[]>();
  for (const { device: d, index } of entries) {
    const r = d.radio;
    if (r === undefined) continue;
    for (const key of ["syncRfpi", "altSyncRfpi"] as const) {
      const target = r[key] === undefined ? undefined : names.get(r[key]);
      if (target !== undefined && region(target) !== region(d))
        report(
          ["devices", index, "radio", key],
          SimCode.FleetSyncRegion,
          `${target.name} is in sync region ${region(target)}, not ${region(d)}: a static Sync RFPI must be in the same region (§4.6.36)`,
        );
    }
    // Only a sync master candidate takes reference sync (§4.6.36); a slave's Reference RFPI is never used.
    if (r.syncMode !== "master" && d.kind !== "IPBL") continue;
    for (const key of ["referenceRfpi", "altReferenceRfpi"] as const) {
      const target = r[key] === undefined ? undefined : names.get(r[key]);
      if (target === undefined) continue;
      const from = refs.get(region(d)) ?? [];
      refs.set(region(d), [...from, region(target)]);
      const ring = findReferenceRing(refs);
      if (ring === undefined) continue;
      report(["devices", index, "radio", key], SimCode.FleetSyncRing, describeRing(ring));
      refs.set(region(d), from); // reported once: the ring's closing reference is left out of the next checks
    }
  }
}
