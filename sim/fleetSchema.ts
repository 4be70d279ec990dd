import { DEVICE_SCHEMA } from "../src/config/deviceFromObject.js";
import { DURATION, IPV4, listOf, mappingOf, numberIn, TEXT, type JsonSchema } from "../src/core/config/schema.js";
import { AIR_SCHEMA } from "./airSection.js";
import { faultSchema } from "./fleetFaults.js";
import { NETWORK_KEYS, TOP_KEYS } from "./FleetFile.js";
import { GROUPS_SCHEMA } from "./fleetGroups.js";
import { HANDSETS_SCHEMA } from "./handsetSection.js";
import { DNS_SCHEMA, PBX_SCHEMA } from "./pbxSection.js";
import { PLACEHOLDER_PATTERN, TEMPLATE_PROPERTIES } from "./fleetTemplates.js";
import { UPDATE_SERVERS_SCHEMA } from "./updateServerSection.js";

/**
 * The fleet file's JSON Schema (docs/design.md "Fleet file schema"), made of the schemas the readers declare beside
 * their key lists and limits: the device's and its sections' (ConfigSection.schema), the fleet sections', the faults'
 * with the operator-command table. `npm run schema` writes it to schema/fleet.schema.json for editors.
 */
export function fleetSchema(): JsonSchema {
  const device = {
    if: { type: "object", required: ["count"] },
    then: template(DEVICE_SCHEMA),
    else: DEVICE_SCHEMA,
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "ipdect fleet file",
    description: 'A fleet of IP-DECT devices for `ipdect sim` and `ipdect lab` (docs/user-guide.md "Fleet files").',
    ...mappingOf(
      TOP_KEYS,
      {
        name: TEXT,
        until: DURATION,
        network: mappingOf(NETWORK_KEYS, {
          latencyMs: numberIn(0),
          jitterMs: numberIn(0),
          loss: numberIn(0, 1),
          duplicate: numberIn(0, 1),
        }),
        air: AIR_SCHEMA,
        devices: listOf(device, 1),
        faults: listOf(faultSchema()),
        handsets: HANDSETS_SCHEMA,
        pbx: PBX_SCHEMA,
        dns: DNS_SCHEMA,
        updateServers: UPDATE_SERVERS_SCHEMA,
        external: listOf(IPV4),
        groups: GROUPS_SCHEMA,
        $schema: { type: "string" },
      },
      ["devices"],
    ),
  };
}

/** One device's configuration file (`ipdect node --config`): the device keys of a fleet's device. */
export function deviceSchema(): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "ipdect device configuration",
    ...DEVICE_SCHEMA,
  };
}

/** A device template's schema: the device's keys and `count`/`first`, any value a text with placeholders too. */
function template(device: JsonSchema): JsonSchema {
  const properties = device["properties"] as Record<string, JsonSchema>;
  return {
    ...device,
    properties: {
      ...Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, relaxed(v)])),
      ...TEMPLATE_PROPERTIES,
    },
  };
}

const PLACEHOLDER: JsonSchema = { type: "string", pattern: PLACEHOLDER_PATTERN };

/** `s`, where every value that is not a mapping or list may also be a text with a placeholder (`{n*40}`). */
function relaxed(s: JsonSchema): JsonSchema {
  if (s["properties"] !== undefined) {
    const properties = s["properties"] as Record<string, JsonSchema>;
    return { ...s, properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, relaxed(v)])) };
  }
  if (s["items"] !== undefined) return { ...s, items: relaxed(s["items"] as JsonSchema) };
  if (Object.keys(s).length === 0) return s;
  return { anyOf: [s, PLACEHOLDER] };
}
