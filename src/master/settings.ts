import { ConfigCode } from "../core/config/configCodes.js";
import { show, type FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import { readTiming } from "../core/config/timing.js";
import { MASTER_MODES, REDUNDANCY_DEFAULTS, type MasterMode } from "../role/redundancy.js";
import type { ConfigSection, SectionContext } from "../role/configSection.js";
import { integer, IPV4, mappingOf, oneOf, TIMING } from "../core/config/schema.js";

/**
 * Master Id range. §4.6.20 gives none, only "The id must be unique for each Master in a multiple Master system";
 * §3.14.1.2's example dials Master id 0 ("Example where 0 is the Master id, 200 is the extension and 1234 is the AC
 * code: *0*200*1234#"), so 0 is an id. The upper bound 254 is ours (a site has far fewer Masters).
 */
export const MASTER_ID_MIN = 0;
export const MASTER_ID_MAX = 254;
/** §4.6.20 Master Id of a device that does not set one. */
export const DEFAULT_MASTER_ID = 1;
/**
 * §4.6.22 Region Code: "The region code can consist of numbers 0–9, * and #". The manual gives no length; 16 is ours
 * (the length of a dial string a PBX routes on, twice that of any code it would take for a site).
 */
export const REGION_CODE_MAX = 16;
export const REGION_CODE_PATTERN = `^[0-9*#]{1,${REGION_CODE_MAX}}$`;

export interface MasterSettings {
  readonly mode: MasterMode;
  /** §4.6.20: unique per Master in a multi-master system; a Standby has the same id as its Master. */
  readonly id: number;
  /** Standby only: the primary Master's IPv4 address (§4.6.19 step 3). */
  readonly primary?: string;
  /** Mirror only: the other Mirror Master's IPv4 address (§4.6.19 step 4). */
  readonly mirrorPeer?: string;
  /**
   * §4.6.22 Region Code, for call localization (an emergency call's site in a multi-site installation): stored and
   * shown in the Master's status; not yet signalled in calls, which ipdect does not carry (docs/design.md).
   */
  readonly regionCode?: string;
  readonly probeIntervalMs: number;
  readonly masterLostMs: number;
  readonly radioLostMs: number;
}

const MASTER_KEYS = [
  "mode",
  "id",
  "primary",
  "mirrorPeer",
  "regionCode",
  "probeIntervalMs",
  "masterLostMs",
  "radioLostMs",
] as const;

/** The `master` section (§4.6.19, §4.6.20). */
export function readMaster(
  r: FieldReader,
  value: unknown,
  path: Path,
  { kind, ntp }: Pick<SectionContext, "kind" | "ntp">,
): MasterSettings {
  const m = r.mapping(value, path, MASTER_KEYS);
  const at = (key: string): Path => [...path, key];
  const mode = r.oneOf(r.required(m, at("mode")), at("mode"), MASTER_MODES, ConfigCode.MasterMode);
  if (mode === "deployment" && kind === "IPVM") {
    r.fail(at("mode"), ConfigCode.DeploymentOnIpvm, "deployment cannot be selected on an IPVM (§4.6.19)");
  }
  const idRange = `a whole number from ${MASTER_ID_MIN} to ${MASTER_ID_MAX} (§4.6.20)`;
  const id =
    r.optional(m, at("id"), (v, p) => r.integer(v, p, MASTER_ID_MIN, MASTER_ID_MAX, ConfigCode.MasterId, idRange)) ??
    DEFAULT_MASTER_ID;
  const primary = r.optional(m, at("primary"), (v, p) => r.ipv4(v, p));
  const mirrorPeer = r.optional(m, at("mirrorPeer"), (v, p) => r.ipv4(v, p));
  const regionCode = r.optional(m, at("regionCode"), (v, p) => readRegionCode(r, v, p));
  if (mode === "standby" && primary === undefined) {
    r.fail(
      at("primary"),
      ConfigCode.StandbyNeedsPrimary,
      "a standby Master needs the primary Master's address (§4.6.19)",
    );
  }
  if (mode === "mirror" && mirrorPeer === undefined) {
    r.fail(at("mirrorPeer"), ConfigCode.MirrorNeedsPeer, "a Mirror Master needs the other Mirror's address (§4.6.19)");
  }
  // §4.6.19 step 4: "If you have selected the Mirror mode, do the following: − Configure NTP settings". Refused, not
  // alarmed: the step is part of selecting the mode, and the two Mirrors' data carry times that must agree.
  if (mode === "mirror" && ntp === undefined) {
    r.fail(
      at("mode"),
      ConfigCode.MirrorNeedsNtp,
      "a Mirror needs NTP: set the Time Server (ntp, General → NTP, §4.1.9), as §4.6.19 step 4 says",
    );
  }
  if (primary !== undefined && mode !== "standby") {
    r.fail(at("primary"), ConfigCode.PrimaryOnlyStandby, `only a standby Master has a primary (mode is ${mode})`);
  }
  if (mirrorPeer !== undefined && mode !== "mirror") {
    r.fail(
      at("mirrorPeer"),
      ConfigCode.MirrorPeerOnlyMirror,
      `only a Mirror Master has a mirror peer (mode is ${mode})`,
    );
  }
  return compact({
    mode,
    id,
    primary,
    mirrorPeer,
    regionCode,
    probeIntervalMs: readTiming(r, m, at("probeIntervalMs"), REDUNDANCY_DEFAULTS.probeIntervalMs),
    masterLostMs: readTiming(r, m, at("masterLostMs"), REDUNDANCY_DEFAULTS.masterLostMs),
    radioLostMs: readTiming(r, m, at("radioLostMs"), REDUNDANCY_DEFAULTS.radioLostMs),
  });
}

/** §4.6.22: "The region code can consist of numbers 0–9, * and #", up to REGION_CODE_MAX of them. */
function readRegionCode(r: FieldReader, value: unknown, path: Path): string {
  const rule = `numbers 0–9, * and #, 1 to ${REGION_CODE_MAX} of them (§4.6.22)`;
  // A YAML number would have lost its leading zeros: the code is text.
  if (typeof value !== "string")
    r.fail(path, ConfigCode.RegionCode, `must be text of ${rule}: write it in quotes, got ${show(value)}`);
  if (!new RegExp(REGION_CODE_PATTERN).test(value))
    r.fail(path, ConfigCode.RegionCode, `must be ${rule}, got ${show(value)}`);
  return value;
}

/** MASTER0: the `master` section in the native text form. */
const MASTER_NATIVE: NativeModule = {
  module: "MASTER0",
  label: "MASTER0",
  section: "master",
  formatVerb: "change",
  always: false,
  options: [
    text("/mode", "mode"),
    number("/id", "id", DEFAULT_MASTER_ID),
    text("/primary", "primary"),
    text("/mirror-peer", "mirrorPeer"),
    text("/region-code", "regionCode"),
    number("/probe-interval", "probeIntervalMs", REDUNDANCY_DEFAULTS.probeIntervalMs),
    number("/master-lost", "masterLostMs", REDUNDANCY_DEFAULTS.masterLostMs),
    number("/radio-lost", "radioLostMs", REDUNDANCY_DEFAULTS.radioLostMs),
  ],
};

/** The `master` section of the device configuration; read first, the other roles hang on its mode (§4.6.19). */
export const MASTER_SECTION: ConfigSection<"master", MasterSettings> = {
  key: "master",
  schema: mappingOf(
    MASTER_KEYS,
    {
      mode: oneOf(MASTER_MODES),
      id: integer(MASTER_ID_MIN, MASTER_ID_MAX),
      primary: IPV4,
      mirrorPeer: IPV4,
      regionCode: { type: "string", pattern: REGION_CODE_PATTERN },
      probeIntervalMs: TIMING,
      masterLostMs: TIMING,
      radioLostMs: TIMING,
    },
    ["mode"],
  ),
  read: (r, value, path, ctx) => readMaster(r, value, path, ctx),
  native: [MASTER_NATIVE],
};
