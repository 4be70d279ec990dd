import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import { Ipei } from "../src/core/identity/Ipei.js";
import type { Directory } from "../src/users/Directory.js";
import { groupPassword, type HandsetSection } from "./handsetSection.js";

/**
 * A fleet file's lab handsets as the sim (SimHandsets) and a live lab (lab/handsets.ts) both run them
 * (docs/user-guide.md "Handsets in a fleet"): their users on the Master, one per handset with its IPEI and the
 * group's SIP password rule, and the pace of their subscriptions.
 */

/** How often every subscribed handset checks whether it moved to another radio or its location is due. */
export const MAINTAIN_MS = 2000;
/** A handset whose subscription was refused or unanswered tries again after this long... */
export const RESUBSCRIBE_MS = 10_000;
/** ...at most this many times. */
export const SUBSCRIBE_TRIES = 30;

/** The Master that holds the handsets' users: the section's `master`, else the active (or Mirror) Master, else the first. */
export function handsetsMaster(devices: readonly DeviceConfig[], section: HandsetSection): string {
  return (
    section.master ??
    devices.find((d) => d.master?.mode === "active" || d.master?.mode === "mirror")?.name ??
    devices.find((d) => d.master !== undefined)!.name
  );
}

/** The handsets' IPEIs and Numbers, group by group, in the order the sim makes the handsets. */
export function handsetIdentities(section: HandsetSection): { ipei: string; number: string; group: number }[] {
  return section.groups.flatMap((g, group) =>
    Array.from({ length: g.count }, (_, i) => ({
      ipei: Ipei.create(g.emc, g.firstPsn + i).toString(),
      number: String(g.firstNumber + i),
      group,
    })),
  );
}

/**
 * Puts the section's subscription setting and users in the Master's directory (§3.14.3 Easy Registration). Users the
 * directory has already (a restart from flash, a Standby's copy) stay as they are.
 */
export async function addHandsetUsers(dir: Directory, section: HandsetSection): Promise<void> {
  if (section.subscription !== undefined) await dir.setSystem({ subscription: section.subscription });
  const users = handsetIdentities(section).map(({ ipei, number, group }) => {
    const password = groupPassword(section.groups[group]!, number);
    return { longName: `Handset ${number}`, number, ipei, ...(password === undefined ? {} : { password }) };
  });
  await dir.addUsers(users.filter((u) => dir.findUser("number", u.number) === undefined));
}
