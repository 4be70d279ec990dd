import { createHash } from "node:crypto";
import { formatFields, listText, type Field } from "../../core/textTable.js";
import { formatTime } from "../../core/timeText.js";
import { StateError } from "../../core/errors.js";
import type { Device } from "../../device/Device.js";
import { DeviceCode } from "../../device/errors.js";
import type { User } from "../../users/User.js";
import type { UserAdmins } from "../../users/UserAdmins.js";
import { entryKey } from "../../users/entry.js";
import { yesNo } from "../ctlText.js";

/** What the users commands show of the directory (§3.14, §4.10). */

/** A user as the API shows it: the Auth. Code is shown (§3.14.3 "use Show"), the password never leaves the device. */
export const withoutPassword = ({ password: _secret, ...rest }: User): Omit<User, "password"> => rest;

export function userAdmins(d: Device): UserAdmins {
  const a = d.userAdmins();
  if (a === undefined) throw new StateError(DeviceCode.NoMaster, "User Administrators live on a Master (§3.4.5.4)");
  return a;
}

/** Every subscribed or known handset with its user and where it registered its location on this Master. */
export function handsetList(d: Device) {
  const dir = d.directory();
  const located = new Map(d.handsetLocations().map((l) => [l.ipei, l]));
  const rows = [
    ...dir
      .userEntries()
      .flatMap((u) =>
        u.user.ipei === undefined
          ? []
          : [{ ipei: u.user.ipei, number: u.user.number, subscribed: u.subs !== undefined }],
      ),
    ...dir.anonymousEntries().map((a) => ({ ipei: a.ipei, number: "", subscribed: a.subs !== undefined })),
  ];
  return rows.map((r) => {
    const l = located.get(r.ipei);
    return { ...r, ...(l === undefined ? {} : { radio: l.radio, rfpi: l.rfpi, since: l.since }) };
  });
}

/**
 * The directory's identity and one SHA-256 per entry (secrets included in the hash, never shown): enough to compare
 * a Standby's copy with its Master's entry by entry over HTTP.
 */
export function directoryDigest(d: Device, withEntries: boolean) {
  const dir = d.directory();
  const entries = [...(withEntries ? dir.entries() : [])]
    .map((e) => ({ key: entryKey(e), usn: e.usn, digest: createHash("sha256").update(canonicalJson(e)).digest("hex") }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    epoch: dir.epoch,
    usn: dir.usn,
    replica: dir.replica,
    users: dir.users.length,
    anonymous: dir.anonymous.length,
    ...(d.replicatorStatus() === undefined ? {} : { replicator: d.replicatorStatus() }),
    entries,
  };
}

/** JSON with sorted keys: equal entries hash equal whatever order their fields were set in. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** `ipdect ctl handsets`: one row per handset, with where and since when it is located (§3.14). */
export function handsetsText(rows: ReturnType<typeof handsetList>): string {
  return listText(
    ["IPEI", "Number", "Subscribed", "Radio", "RFPI", "Located since"],
    rows.map((h) => [
      h.ipei,
      h.number,
      yesNo(h.subscribed),
      h.radio ?? "",
      h.rfpi ?? "",
      h.since === undefined ? "" : formatTime(h.since),
    ]),
    "no handsets",
  );
}

/** `ipdect ctl directory`: the directory's identity and counts, then one row per entry with its digest (§4.5.3). */
export function directoryText(d: ReturnType<typeof directoryDigest>): string {
  const block = formatFields([
    ["Epoch", d.epoch],
    ["USN", d.usn],
    ["Replica", yesNo(d.replica)],
    ["Users", d.users],
    ["Anonymous handsets", d.anonymous],
    ...(d.replicator === undefined
      ? []
      : [["Replicator", `${d.replicator.state} from ${d.replicator.server}`] as Field]),
  ]);
  return `${block}\n\n${listText(
    ["Entry", "USN", "SHA-256"],
    d.entries.map((e) => [e.key, String(e.usn), e.digest]),
    "no entries",
  )}`;
}
