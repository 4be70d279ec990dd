import { LOGGING_SECTION } from "../../logging/settings.js";
import { loggingText, type LoggingReport } from "../../logging/statusText.js";
import { command, type Command } from "../command.js";
import { body } from "../params.js";
import { editableConfig, jsonValue, PENDING_NOTE, pendingSection, readSection, removeSection } from "../sectionEdit.js";

/**
 * Services → Logging (§4.9.2, §4.23.1.1): where the device's syslog entries go and which. Auditors read it, System
 * Administrators change it (§3.4.2), in the pending configuration until the reset. The section holds no secret.
 */
export const LOGGING_COMMANDS: readonly Command[] = [
  command({
    name: "logging",
    summary: "Services → Logging: Type, server, Class, which logs (§4.9.2, §4.23.1.1), running and pending",
    need: "auditor",
    method: "GET",
    path: "/api/logging",
    params: {},
    run: ({ device: d }): LoggingReport => {
      const pending = pendingSection(d, "logging");
      return { running: d.config.logging ?? null, ...(pending === undefined ? {} : { pending }) };
    },
    ctl: { text: (o) => loggingText(o as LoggingReport) },
  }),
  command({
    name: "logging-set",
    summary: "the logging section as JSON, pending until reset (§4.9.2, §4.18.1); 400 with the field",
    need: "system-admin",
    method: "PUT",
    path: "/api/logging",
    params: { settings: { ...body(jsonValue), ctl: { positional: "<logging.json>", file: true } } },
    status: 202,
    run: async ({ device: d }, a) => {
      const base = editableConfig(d);
      const logging = readSection(LOGGING_SECTION, a.settings, base, d.env.clock.now());
      await d.configure({ ...base, logging });
      return { pending: logging ?? null, note: PENDING_NOTE };
    },
    ctl: {},
  }),
  command({
    name: "logging-remove",
    summary: "remove the logging destination, pending until reset (§4.9.2): nothing goes out after it",
    need: "system-admin",
    method: "DELETE",
    path: "/api/logging",
    params: {},
    status: 202,
    run: ({ device: d }) => removeSection(d, "logging", "logging destination", PENDING_NOTE),
    ctl: {},
  }),
];
