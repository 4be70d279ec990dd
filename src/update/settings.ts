import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { flag, number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import { BOOLEAN, integer, mappingOf, TEXT } from "../core/config/schema.js";
import type { ConfigSection } from "../role/configSection.js";
import { UpdateCode } from "./errors.js";

/** App. A.1.3: "A value less than 15 minutes (which is the default) is therefore not recommended." */
export const DEFAULT_POLL_MINUTES = 15;
/** App. I.3 option 216 "Update Poll Interval" is a Word (16 bit): the largest interval it can carry. */
export const MAX_POLL_MINUTES = 65535;

/**
 * Services → Update (§4.9.1): the URL of the command file and the poll interval, the UP1 module's `/url` and `/poll`
 * (App. I.3, options 215 and 216). With a URL, the device polls its update server (App. A.1.3).
 */
export interface UpdateSettings {
  /** Absent: none configured (DHCP's option 215 may give one, App. I.3); the device does not poll without one. */
  readonly url?: string;
  readonly pollMinutes: number;
  /** App. I.4 `config change UP1 /no-dhcp`: DHCP's Update URL and Poll Interval (options 215, 216) are ignored. */
  readonly noDhcp: boolean;
}

const KEYS = ["url", "pollMinutes", "noDhcp"] as const;

function readUpdate(r: FieldReader, value: unknown, path: Path): UpdateSettings {
  const o = r.mapping(value ?? {}, path, KEYS);
  const at = (key: string): Path => [...path, key];
  const url = r.optional(o, at("url"), (v, p) => r.text(v, p));
  const rule = `a poll interval from 1 to ${MAX_POLL_MINUTES} minutes (§4.9.1, App. I.3 option 216)`;
  const pollMinutes =
    r.optional(o, at("pollMinutes"), (v, p) => r.integer(v, p, 1, MAX_POLL_MINUTES, UpdateCode.UpdateSettings, rule)) ??
    DEFAULT_POLL_MINUTES;
  const noDhcp = r.optional(o, at("noDhcp"), (v, p) => r.boolean(v, p)) ?? false;
  return compact({ url, pollMinutes, noDhcp });
}

/** UP1 in the native text form (App. I.3: "the /url option parameter of the UP1 module", "the /poll option"). */
const UPDATE_NATIVE: readonly NativeModule[] = [
  {
    module: "UP1",
    label: "UP1",
    section: "update",
    formatVerb: "change",
    always: false,
    options: [
      text("/url", "url"),
      number("/poll", "pollMinutes", DEFAULT_POLL_MINUTES),
      flag("/no-dhcp", "noDhcp", true, false),
    ],
  },
];

/** The `update` section (§4.9.1, App. A): where the device's command file is, and how often it is fetched. */
export const UPDATE_SECTION: ConfigSection<"update", UpdateSettings> = {
  key: "update",
  schema: mappingOf(KEYS, { url: TEXT, pollMinutes: integer(1, MAX_POLL_MINUTES), noDhcp: BOOLEAN }),
  read: (r, value, path) => readUpdate(r, value, path),
  native: UPDATE_NATIVE,
  // A password in the URL's userinfo (HTTP PUT needs one on IIS, App. A.1.8) is a secret.
  secrets: [{ path: ["url"], url: true }],
};
