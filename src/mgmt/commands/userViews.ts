import { createHash } from "node:crypto";
import { formatFields, listText, type Field } from "../../core/textTable.js";
import { formatTime } from "../../core/timeText.js";
import { StateError } from "../../core/errors.js";
import type { Device } from "../../device/Device.js";
import { DeviceCode } from "../../device/errors.js";
import { USER_FIELD_MAX, type UserField } from "../../users/limits.js";
import { FIELD_LABEL, type User } from "../../users/User.js";
import type { UserAdmins } from "../../users/UserAdmins.js";
import { entryKey } from "../../users/entry.js";
import { yesNo } from "../ctlText.js";
import { ClockMs, S } from "../schema.js";
import { ReplicatorSchema } from "./ldap.js";

/** What the users commands show of the directory (§3.14, §4.10), and the JSON Schemas of what they show. */

/** An IPEI/IPDI in its canonical form: 5 EMC digits, 7 PSN digits and the check digit (0-9 or *). */
export const IpeiText = S.String({ pattern: "^[0-9]{12}[0-9*]$", description: "IPEI/IPDI (§3.14.3)" });

/** A user field as the API shows it: its label and its limit (§3.14.3). */
const userField = (f: UserField) =>
  f === "ipei"
    ? IpeiText
    : S.String({ description: `${FIELD_LABEL[f]}: at most ${USER_FIELD_MAX[f]} characters (§3.14.3)` });

/** A user as the API shows it (§3.14.3, §4.10.1): optional fields are absent when empty, the password never there. */
export const UserSchema = S.Object({
  longName: userField("longName"),
  displayName: S.Optional(userField("displayName")),
  name: S.Optional(userField("name")),
  number: userField("number"),
  authName: S.Optional(userField("authName")),
  ipei: S.Optional(userField("ipei")),
  authCode: S.String({ pattern: "^[0-9]+$", description: "Auth. Code: digits, generated when not given (§3.14.3)" }),
  idleDisplay: S.Optional(userField("idleDisplay")),
});

/** A handset of `handsetList`: its user and where it registered its location. */
export const HandsetSchema = S.Object({
  ipei: IpeiText,
  number: S.String({ description: "the user's Number; empty for an anonymous handset (§4.10.7)" }),
  subscribed: S.Boolean({ description: "subscribed over the air (§3.14)" }),
  radio: S.Optional(S.String({ description: "the radio where it registered its location on this Master" })),
  rfpi: S.Optional(S.String()),
  since: S.Optional(ClockMs("when it registered its location")),
});

/** The answer of `directoryDigest`. */
export const DirectoryDigestSchema = S.Object({
  epoch: S.String({ description: "identifies the directory's history: a replica of another epoch copies again" }),
  usn: S.Integer({ description: "update sequence number of the newest change (App. C)" }),
  replica: S.Boolean({ description: "a Standby's copy of its Master's directory (§4.5.3.1)" }),
  users: S.Integer(),
  anonymous: S.Integer(),
  replicator: S.Optional(ReplicatorSchema),
  entries: S.Array(
    S.Object({
      key: S.String({ description: "user/<guid>, anonymous/<IPEI> or system" }),
      usn: S.Integer(),
      digest: S.String({ pattern: "^[0-9a-f]{64}$", description: "SHA-256 of the entry with its secrets, in hex" }),
    }),
    { description: "by key; empty with ?entries=0" },
  ),
});

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
