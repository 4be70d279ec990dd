import { text, type NativeModule } from "../core/config/nativeModule.js";
import { SYSTEM_NATIVE } from "../role/system.js";
import { SECTIONS } from "./sections.js";

/** The device's own modules: its name and kind (DEV0) and its IP settings (IP0, App. J.2.1). */
const DEVICE_NATIVE: readonly NativeModule[] = [
  {
    module: "DEV0",
    label: "DEV0",
    formatVerb: "change",
    always: true,
    options: [
      text("/name", "name"),
      text("/kind", "kind"),
      text("/mac", "mac"),
      text("/ntp", "ntp"),
      text("/alarm-forward", "alarmForward"),
      text("/discovery", "discoveryGroup"),
    ],
  },
  {
    module: "IP0",
    sub: "ETH0",
    label: "IP0 ETH0",
    formatVerb: "add",
    always: true,
    options: [text("/addr", "ip"), text("/mask", "mask"), text("/dns", "dns"), text("/dns2", "dns2")],
  },
  {
    module: "IP0",
    sub: "RT0",
    label: "IP0 RT0",
    formatVerb: "add",
    always: false,
    options: [text("/gateway", "gateway")],
  },
];

/**
 * The modules this version models, in the order formatNativeText writes them: the device's own, the DECT system's,
 * then each section's in the order of SECTIONS. Module and option names are
 * this project's choice (the manual does not publish the device's own names for these settings), except IP0
 * which follows the manual's App. J.2.1 (`config add IP0 ETH0 /addr … /mask … /dns … /dns2 …`,
 * `config add IP0 RT0 /gateway …`). `/dns` and `/dns2` take this project's optional `:port`.
 */
export const NATIVE_MODULES: readonly NativeModule[] = [
  ...DEVICE_NATIVE,
  SYSTEM_NATIVE,
  ...SECTIONS.flatMap((s) => s.native),
];

/** The modelled module for `module` (and `sub`, for IP0), or undefined when this version does not model it. */
export function findNativeModule(module: string, sub: string | undefined): NativeModule | undefined {
  return NATIVE_MODULES.find((m) => m.module === module && (m.sub === undefined || m.sub === sub));
}

/** A modelled module that `module`/`sub` spell in the wrong letter case (`master0`), for a helpful error. */
export function findMiscasedModule(module: string, sub: string | undefined): NativeModule | undefined {
  const up = (s: string | undefined): string | undefined => s?.toUpperCase();
  return NATIVE_MODULES.find(
    (m) => m.module === up(module) && (m.sub === undefined || m.sub === up(sub)) && findNativeModule(module, sub) !== m,
  );
}
