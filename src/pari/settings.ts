import { ConfigCode } from "../core/config/configCodes.js";
import { show, type FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import { Sari } from "../core/identity/Sari.js";
import { DEFAULT_SYNC_DEPTH, MAX_SYNC_DEPTH } from "../sync/settings.js";
import {
  BANDS,
  carrierPlan,
  carriersProblem,
  DEFAULT_BAND,
  FREQUENCY_BANDS,
  MAX_CARRIER_NUMBER,
  type CarrierPlan,
  type FrequencyBand,
} from "../role/bands.js";
import type { Secret } from "../core/config/secrets.js";
import type { ConfigSection } from "../role/configSection.js";
import { anyOf, integer, IPV4, listOf, mappingOf, oneOf, TEXT } from "../core/config/schema.js";

/** §4.6.34 System ID range. */
export const SYSTEM_ID_MIN = 1;
export const SYSTEM_ID_MAX = 296;
/**
 * §4.6.35: "Up to 10 SARIs can be added in the PARI Master. It will take approx. 1 s to broadcast 2 SARIs and approx.
 * 6 s to broadcast 10 SARIs." Read as 10 in all, the SARI and up to 9 guest SARIs: the sentence counts every SARI the
 * PARI Master holds, and its cycle times stop at 10 SARIs broadcast, the most there can be (docs/design.md "SARIs").
 */
export const MAX_SARIS = 10;

/** The PARI function (§4.6.21) of a Master or Standby Master, with its PARI (§4.6.34) and SARIs (§4.6.35). */
export interface PariSettings {
  /** §4.6.34: 1..296; absent: chosen at random on first start and then kept. */
  readonly systemId?: number;
  /** §4.6.35: the primary SARI first, then guest SARIs, 10 in all (ARI text form, e.g. B-0A5E-03-0). */
  readonly sari: readonly string[];
  /** Air sync control (§4.6.36): the deepest a sync tree may grow, in hops from the sync master. */
  readonly syncDepth: number;
  /** DECT → System Frequency (§4.6.6); default 1880–1900 MHz (Europe). */
  readonly band: FrequencyBand;
  /**
   * DECT → System Enabled Carriers (§4.6.7): carrier numbers of the band, ascending; absent: all of them ("Under all
   * normal circumstances all carriers should be enabled"). A change makes every radio resynchronise (§4.11.5).
   */
  readonly carriers?: readonly number[];
}

/** The band and enabled carriers the PARI Master pushes to every radio (§4.6.6, §4.6.7). */
export const pariCarriers = (pari: Pick<PariSettings, "band" | "carriers">): CarrierPlan =>
  carrierPlan(pari.band, pari.carriers);

/** The settings of the Radio Config page (§4.6.33) that the PARI Master pushes to every radio, overriding local ones. */
export interface PushedRadioConfig {
  readonly ntp?: string;
  readonly updateUrl?: string;
  /** The update server's poll interval in minutes (§4.6.33 with §4.9.1), as text: the pushed map holds texts. */
  readonly updatePoll?: string;
  readonly alarmForward?: string;
  readonly mask?: string;
  readonly gateway?: string;
  readonly dns?: string;
  readonly dns2?: string;
}

/**
 * The URLs a device is given (its own, and on a PARI Master those it pushes, §4.6.33): the update server's (§4.9.1)
 * and where alarms go (§4.9.2). Either may carry a password in its userinfo, which is a secret.
 */
export const URL_SECRETS: readonly Secret[] = [
  { path: ["updateUrl"], url: true },
  { path: ["alarmForward"], url: true },
];

/** The fields of PushedRadioConfig, in the order they are shown and sent. */
export const PUSHED_RADIO_CONFIG_KEYS = [
  "ntp",
  "updateUrl",
  "updatePoll",
  "alarmForward",
  "mask",
  "gateway",
  "dns",
  "dns2",
] as const;

/** §4.9.1's interval as App. I.3 carries it (a Word): 1 to 65535 minutes. */
export const UPDATE_POLL_RULE = "a poll interval from 1 to 65535 minutes (§4.9.1)";
export const isUpdatePoll = (t: string): boolean => /^[1-9][0-9]{0,4}$/.test(t) && Number(t) <= 65535;

const PARI_KEYS = ["systemId", "sari", "syncDepth", "band", "carriers"] as const;

/** The `pari` section (§4.6.21, §4.6.34, §4.6.35, §4.6.36). */
function readPari(r: FieldReader, value: unknown, path: Path): PariSettings {
  const o = r.mapping(value ?? {}, path, PARI_KEYS);
  const at = (key: string): Path => [...path, key];
  const idRule = `a System ID from ${SYSTEM_ID_MIN} to ${SYSTEM_ID_MAX} (§4.6.34)`;
  const systemId = r.optional(o, at("systemId"), (v, p) =>
    r.integer(v, p, SYSTEM_ID_MIN, SYSTEM_ID_MAX, ConfigCode.SystemId, idRule),
  );
  const sari = r.optional(o, at("sari"), (v, p) => readSaris(r, v, p)) ?? [];
  const depthRule = `a sync tree depth from 1 to ${MAX_SYNC_DEPTH} hops`;
  const syncDepth =
    r.optional(o, at("syncDepth"), (v, p) => r.integer(v, p, 1, MAX_SYNC_DEPTH, ConfigCode.Sync, depthRule)) ??
    DEFAULT_SYNC_DEPTH;
  const band = r.optional(o, at("band"), (v, p) => r.oneOf(v, p, FREQUENCY_BANDS, ConfigCode.Band)) ?? DEFAULT_BAND;
  const carriers = r.optional(o, at("carriers"), (v, p) => readCarriers(r, v, p, band));
  return compact({ systemId, sari, syncDepth, band, carriers });
}

/**
 * The Enabled Carriers check boxes (§4.6.7) as a list of carrier numbers, or the native form's comma-separated text:
 * carriers of the band only, at least one, each once. The count this field once was is refused with the new form.
 */
function readCarriers(r: FieldReader, value: unknown, path: Path, band: FrequencyBand): readonly number[] {
  const own = BANDS[band].carriers;
  if (typeof value === "number")
    r.fail(
      path,
      ConfigCode.Carriers,
      `enabled carriers are now the carrier numbers of the band, not a count: e.g. [${own.slice(0, value).join(", ")}] ` +
        `for the first ${String(value)} of ${band} (§4.6.7)`,
    );
  const items = typeof value === "string" ? value.split(",").map((s) => s.trim()) : r.list(value, path);
  const rule = `a carrier number of the ${BANDS[band].label} band: ${own.join(", ")} (§4.6.7)`;
  const carriers = items.map((item, i) => {
    const p = typeof value === "string" ? path : [...path, i];
    const n = typeof item === "string" && /^[0-9]+$/.test(item) ? Number(item) : item;
    return r.integer(n, p, 0, MAX_CARRIER_NUMBER, ConfigCode.Carriers, rule);
  });
  const problem = carriersProblem(band, carriers);
  if (problem !== undefined) r.fail(path, ConfigCode.Carriers, problem);
  return [...carriers].sort((a, b) => a - b);
}

/** A list of SARIs, or the native form's comma-separated text; the primary first, at most 10 in all (§4.6.35). */
function readSaris(r: FieldReader, value: unknown, path: Path): readonly string[] {
  const items = typeof value === "string" ? value.split(",").map((s) => s.trim()) : r.list(value, path);
  if (items.length > MAX_SARIS)
    r.fail(
      path,
      ConfigCode.Sari,
      `"Up to ${MAX_SARIS} SARIs can be added in the PARI Master" (§4.6.35): the SARI and ${MAX_SARIS - 1} guest SARIs, got ${items.length}`,
    );
  const seen = new Set<string>();
  return items.map((item, i) => {
    const p = typeof value === "string" ? path : [...path, i];
    let text: string;
    try {
      text = Sari.parse(r.text(item, p)).toString();
    } catch (e) {
      return r.fail(p, ConfigCode.Sari, `not a SARI: ${show(item)} (${(e as Error).message})`, e);
    }
    if (seen.has(text)) r.fail(p, ConfigCode.Sari, `SARI ${text} is listed twice`);
    seen.add(text);
    return text;
  });
}

/** The `radioConfig` section: the Radio Config page of a PARI Master (§4.6.33). */
function readRadioConfig(r: FieldReader, value: unknown, path: Path): PushedRadioConfig {
  const o = r.mapping(value ?? {}, path, PUSHED_RADIO_CONFIG_KEYS);
  const at = (key: string): Path => [...path, key];
  const ipv4 = (v: unknown, p: Path): string => r.ipv4(v, p);
  const text = (v: unknown, p: Path): string => r.text(v, p);
  return compact({
    ntp: r.optional(o, at("ntp"), text),
    updateUrl: r.optional(o, at("updateUrl"), text),
    // A number in YAML and the native form (RCFG0 /update-poll 30), kept as the text the pushed map carries.
    updatePoll: r.optional(o, at("updatePoll"), (v, p) =>
      String(
        r.integer(
          typeof v === "string" && isUpdatePoll(v) ? Number(v) : v,
          p,
          1,
          65535,
          ConfigCode.Timing,
          UPDATE_POLL_RULE,
        ),
      ),
    ),
    alarmForward: r.optional(o, at("alarmForward"), text),
    mask: r.optional(o, at("mask"), (v, p) => r.netmask(v, p)),
    gateway: r.optional(o, at("gateway"), ipv4),
    dns: r.optional(o, at("dns"), ipv4),
    dns2: r.optional(o, at("dns2"), ipv4),
  });
}

/** PARI0: the `pari` section in the native text form. */
const PARI_NATIVE: NativeModule = {
  module: "PARI0",
  label: "PARI0",
  section: "pari",
  formatVerb: "change",
  always: false,
  options: [
    number("/sysid", "systemId"),
    text("/sari", "sari"),
    number("/sync-depth", "syncDepth", DEFAULT_SYNC_DEPTH),
    text("/band", "band", DEFAULT_BAND),
    // Not `/carriers`: that was a count, and `/carriers 5` read as carrier 5 would change a system silently.
    text("/enabled-carriers", "carriers"),
  ],
};

/** RCFG0: the `radioConfig` section in the native text form. */
const RADIO_CONFIG_NATIVE: NativeModule = {
  module: "RCFG0",
  label: "RCFG0",
  section: "radioConfig",
  formatVerb: "change",
  always: false,
  options: [
    text("/ntp", "ntp"),
    text("/update-url", "updateUrl"),
    number("/update-poll", "updatePoll"),
    text("/alarm-forward", "alarmForward"),
    text("/mask", "mask"),
    text("/gateway", "gateway"),
    text("/dns", "dns"),
    text("/dns2", "dns2"),
  ],
};

/** The `pari` section of the device configuration: the PARI function of a Master (§4.6.21). */
export const PARI_SECTION: ConfigSection<"pari", PariSettings> = {
  key: "pari",
  schema: mappingOf(PARI_KEYS, {
    systemId: integer(SYSTEM_ID_MIN, SYSTEM_ID_MAX),
    sari: anyOf(TEXT, { ...listOf(TEXT), maxItems: MAX_SARIS }),
    syncDepth: integer(1, MAX_SYNC_DEPTH),
    band: oneOf(FREQUENCY_BANDS),
    carriers: anyOf(TEXT, { ...listOf(integer(0, MAX_CARRIER_NUMBER), 1), maxItems: BANDS.europe.carriers.length }),
  }),
  read: (r, value, path, ctx) => {
    const pari = readPari(r, value, path);
    if (ctx.master === undefined || ctx.master.mode === "off")
      r.fail(path, ConfigCode.PariNeedsMaster, "the PARI function needs a Master role that is not off (§4.6.21)");
    return pari;
  },
  native: [PARI_NATIVE],
};

/** The `radioConfig` section of the device configuration: the Radio Config page of a PARI Master (§4.6.33). */
export const RADIO_CONFIG_SECTION: ConfigSection<"radioConfig", PushedRadioConfig> = {
  key: "radioConfig",
  schema: mappingOf(PUSHED_RADIO_CONFIG_KEYS, {
    ntp: TEXT,
    updateUrl: TEXT,
    updatePoll: anyOf(integer(1, 65535), { type: "string", pattern: "^[1-9][0-9]{0,4}$" }),
    alarmForward: TEXT,
    mask: IPV4,
    gateway: IPV4,
    dns: IPV4,
    dns2: IPV4,
  }),
  read: (r, value, path, ctx) => {
    const radioConfig = readRadioConfig(r, value, path);
    if (!ctx.has("pari"))
      r.fail(path, ConfigCode.RadioConfigNeedsPari, "Radio Config needs the PARI function (§4.6.33)");
    return radioConfig;
  },
  native: [RADIO_CONFIG_NATIVE],
  secrets: URL_SECRETS,
};
