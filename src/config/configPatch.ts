import { ErrorCollector } from "../core/config/collect.js";
import { ConfigCode } from "../core/config/configCodes.js";
import { FieldReader } from "../core/config/FieldReader.js";
import { locatorWithoutLines } from "../core/config/Locator.js";
import { plainCopy } from "../core/config/plainObject.js";
import type { SectionContext } from "../role/configSection.js";
import type { DeviceConfig } from "./DeviceConfig.js";
import { SECTIONS } from "./sections.js";

/** Fields of sections to set (`null`: unset the field), or `null` to remove a section; by section key. */
export type ConfigPatch = Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;

/**
 * `cfg` with `patch` applied, each patched section read again by its own reader, as any configuration is
 * (deviceFromObject): a broken rule is a ConfigError that names `source` and the field, every one reported
 * (ConfigErrors), and nothing is applied. The fields a patch does not name keep their values; sections are read in
 * the order of SECTIONS, each seeing the patched ones before it. The second provisioning dialect's config file
 * applies this way (seed 002: "imported into the ... configuration by replacing the existing data", for the
 * parameters it carries: docs/design.md "The second provisioning dialect").
 */
export function withConfigPatch(cfg: DeviceConfig, patch: ConfigPatch, source: string): DeviceConfig {
  const r = new FieldReader(locatorWithoutLines(source), new ErrorCollector());
  return r.all(() => {
    const out: Record<string, unknown> = { ...cfg };
    const unknown = Object.keys(patch).filter((k) => !SECTIONS.some((s) => s.key === k));
    for (const key of unknown) r.attempt(() => r.fail([key], ConfigCode.UnknownKey, "not a section of this device"));
    const ctx: SectionContext = {
      kind: cfg.kind,
      ntp: cfg.ntp,
      now: undefined,
      get master() {
        return out["master"] as DeviceConfig["master"];
      },
      has: (key) => out[key] !== undefined,
    };
    for (const section of SECTIONS) {
      const fields = patch[section.key];
      if (fields === undefined) continue;
      if (fields === null) {
        delete out[section.key];
        continue;
      }
      const current = out[section.key];
      const exported = section.exported as ((v: unknown) => unknown) | undefined;
      const plain = current === undefined ? {} : ((exported?.(current) ?? plainCopy(current)) as object);
      const merged: Record<string, unknown> = { ...plain };
      for (const [field, value] of Object.entries(fields))
        if (value === null) delete merged[field];
        else merged[field] = value;
      const read = r.attempt(() => section.read(r, merged, [section.key], ctx));
      if (read === undefined) delete out[section.key];
      else out[section.key] = read;
    }
    return out as unknown as DeviceConfig;
  });
}
