import { LOG_CLASSES } from "../../logging/classes.js";
import { FACILITIES } from "../../logging/facility.js";
import { LOGGING_SECTION, LOGGING_TYPES } from "../../logging/settings.js";
import { loggingText, type LoggingReport } from "../../logging/statusText.js";
import { command, type Command } from "../command.js";
import { pendingSaid, shown } from "../ctlText.js";
import { body } from "../params.js";
import { List, OneOf, S, Settings } from "../schema.js";
import {
  jsonValue,
  PENDING_NOTE,
  pendingSection,
  readSection,
  removeSection,
  RunningAndPending,
  SectionChange,
  SectionRemoved,
} from "../sectionEdit.js";

/** The logging section (§4.9.2, §4.23.1.1; logging/settings.ts LoggingSettings) as it is in force. */
const LoggingSchema = S.Object({
  type: OneOf(LOGGING_TYPES, "§4.9.2 Type: SYSLOG (UDP), TCP, SYSLOG-TLS, HTTP or HTTPS"),
  address: S.String({ description: "the server, IPv4" }),
  port: S.Integer({ description: "the Type's port when none was given: 514, 514, 6514, 80, 443" }),
  class: OneOf(FACILITIES, "§4.9.2 syslogd message class: the RFC 5424 facility"),
  path: S.Optional(S.String({ description: "HTTP and HTTPS: the path the GET goes to (§4.9.2)" })),
  allowUntrusted: S.Boolean({ description: "SYSLOG-TLS and HTTPS: the server's certificate is not verified" }),
  logs: List(OneOf(LOG_CLASSES), { description: "which logs go out (§4.23.1.1)" }),
});

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
    response: S.Object(RunningAndPending(LoggingSchema, "no destination, nothing goes out")),
    run: ({ device: d }): LoggingReport => {
      const pending = pendingSection(d, "logging");
      return { running: d.config.logging ?? null, ...(pending === undefined ? {} : { pending }) };
    },
    ctl: { text: shown(loggingText) },
  }),
  command({
    name: "logging-set",
    summary: "the logging section as JSON, pending until reset (§4.9.2, §4.18.1); 400 with the field",
    need: "system-admin",
    method: "PUT",
    path: "/api/logging",
    params: {
      settings: {
        ...body(jsonValue),
        media: "application/json",
        schema: Settings("the logging section (§4.9.2): type, address, port, class, path, allowUntrusted, logs"),
        ctl: { positional: "<logging.json>", file: true },
      },
    },
    status: 202,
    response: SectionChange(LoggingSchema, "the logging section"),
    run: async ({ device: d }, a) => {
      const base = d.editableConfig();
      const logging = readSection(LOGGING_SECTION, a.settings, base, d.env.clock.now());
      await d.configure({ ...base, logging });
      return { pending: logging ?? null, note: PENDING_NOTE };
    },
    ctl: { text: pendingSaid("logging settings") },
  }),
  command({
    name: "logging-remove",
    summary: "remove the logging destination, pending until reset (§4.9.2): nothing goes out after it",
    need: "system-admin",
    method: "DELETE",
    path: "/api/logging",
    params: {},
    status: 202,
    replies: [200],
    response: SectionRemoved,
    run: ({ device: d }) => removeSection(d, "logging", "logging destination", PENDING_NOTE),
    ctl: { text: pendingSaid("logging destination") },
  }),
];
