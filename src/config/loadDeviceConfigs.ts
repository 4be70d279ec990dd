import { ConfigCode } from "../core/config/configCodes.js";
import { deviceFromObject } from "./deviceFromObject.js";
import type { DeviceConfig } from "./DeviceConfig.js";
import { configErrorAt, locatorAt } from "../core/config/Locator.js";
import { isPlainObject } from "../core/config/plainObject.js";
import { parseYamlSource } from "../core/config/yamlSource.js";

/**
 * Devices from a YAML or JSON text holding either one device mapping or `{ devices: [ … ] }`. `now`: the wall-clock
 * time dates are checked against (an expired certificate in the certificates section); absent, they are not judged.
 */
export function loadDeviceConfigs(text: string, source: string, now?: number): DeviceConfig[] {
  const { value, locator } = parseYamlSource(text, source);
  if (!isPlainObject(value) || !Object.hasOwn(value, "devices")) return [deviceFromObject(value, locator, now)];
  for (const key of Object.keys(value)) {
    if (key !== "devices")
      throw configErrorAt(locator, [key], ConfigCode.UnknownKey, "unknown key; allowed keys: devices");
  }
  const devices = value["devices"];
  if (!Array.isArray(devices)) throw configErrorAt(locator, ["devices"], ConfigCode.Type, "must be a list of devices");
  return devices.map((device, i) => deviceFromObject(device, locatorAt(locator, ["devices", i]), now));
}
