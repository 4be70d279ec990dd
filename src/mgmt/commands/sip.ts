import { gatekeeperFromObject } from "../../sip/settings.js";
import { gatekeeperSettingsText, gatekeeperText, registrationsText } from "../../sip/statusText.js";
import { command, type Command } from "../command.js";
import { pendingSaid, shown } from "../ctlText.js";
import { body, inQuery, optional } from "../params.js";
import { editableConfig, jsonValue, removeSection } from "../sectionEdit.js";

/** What a gatekeeper change answers: like every DECT → Master setting it waits for a reset. */
const GATEKEEPER_NOTE = "takes effect after reset (§4.6.23 step 17)";

/** The gatekeeper (§4.6.23): its registrations and its settings. */
export const SIP_COMMANDS: readonly Command[] = [
  command({
    name: "sip",
    summary: "the gatekeeper: proxies, mode, registration counts (§4.6.23)",
    need: "auditor",
    method: "GET",
    path: "/api/sip",
    params: {},
    run: (on) => on.device.gatekeeperStatus(),
    ctl: { text: shown(gatekeeperText) },
  }),
  command({
    name: "sip-registrations",
    summary: "every user's SIP registration, or those in one state (§4.6.23)",
    need: "auditor",
    method: "GET",
    path: "/api/sip/registrations",
    params: { state: { ...optional(inQuery()), ctl: { option: "state", value: "registered|failed|waiting|…" } } },
    run: (on, a) => {
      const all = on.device.sipRegistrations();
      return a.state === undefined ? all : all.filter((r) => r.state === a.state);
    },
    ctl: { text: shown(registrationsText) },
  }),
  command({
    name: "gatekeeper",
    summary: "gatekeeper (SIP) settings, running and pending (§4.6.23)",
    need: "auditor",
    method: "GET",
    path: "/api/gatekeeper",
    params: {},
    run: ({ device: d }) => ({ running: d.config.gatekeeper ?? null, pending: d.pendingConfig?.gatekeeper ?? null }),
    ctl: { text: shown(gatekeeperSettingsText), also: ["sip", "sip-registrations"] },
  }),
  command({
    name: "gatekeeper-set",
    summary: "the gatekeeper section as JSON, pending until reset (§4.6.23); 400 with the field",
    need: "system-admin",
    method: "PUT",
    path: "/api/gatekeeper",
    params: { settings: { ...body(jsonValue), ctl: { positional: "<gatekeeper.json>", file: true } } },
    status: 202,
    run: async ({ device: d }, a) => {
      const base = editableConfig(d);
      const gatekeeper = gatekeeperFromObject(a.settings, base.master, "request body");
      await d.configure({ ...base, gatekeeper });
      return { pending: gatekeeper, note: GATEKEEPER_NOTE };
    },
    ctl: { text: pendingSaid("gatekeeper settings") },
  }),
  command({
    name: "gatekeeper-remove",
    summary: "remove the gatekeeper section, pending until reset (§4.6.23)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/gatekeeper",
    params: {},
    status: 202,
    run: ({ device: d }) => removeSection(d, "gatekeeper", "gatekeeper settings", GATEKEEPER_NOTE),
    ctl: { text: pendingSaid("gatekeeper settings") },
  }),
];
