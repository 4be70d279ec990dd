import { ConfigCode } from "../core/config/configCodes.js";
import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { flag, item, number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import type { ConfigSection } from "../role/configSection.js";
import { DEFAULT_LOG_CLASSES, LOG_CLASSES, type LogClass } from "./classes.js";
import { DEFAULT_FACILITY, FACILITIES, type Facility } from "./facility.js";
import { LoggingCode } from "./errors.js";
import { BOOLEAN, integer, IPV4, listOf, mappingOf, oneOf } from "../core/config/schema.js";

/** §4.9.2 "There are four ways to collect logs": the Type drop-down (HTTP and HTTPS are two entries of it). */
export const LOGGING_TYPES = ["syslog", "tcp", "syslog-tls", "http", "https"] as const;
export type LoggingType = (typeof LOGGING_TYPES)[number];

/**
 * The Port when none is entered: SYSLOG is UDP 514 (RFC 5426 §3.3; the manual's SYSLOG page has no Port field), TCP
 * 514 as rsyslog and syslog-ng listen (RFC 6587 registers no port), SYSLOG-TLS 6514 (RFC 5425 §4.1), HTTP 80, HTTPS 443.
 */
export const DEFAULT_LOGGING_PORTS: { readonly [T in LoggingType]: number } = {
  syslog: 514,
  tcp: 514,
  "syslog-tls": 6514,
  http: 80,
  https: 443,
};

const PORT_MAX = 65535;
/** §4.9.2 "relative URL of the form program": `/` when none is entered. */
export const DEFAULT_LOGGING_PATH = "/";

/** Services → Logging (§4.9.2) and Diagnostics → Logging (§4.23.1.1): present means a destination is set. */
export interface LoggingSettings {
  readonly type: LoggingType;
  readonly address: string;
  readonly port: number;
  /** §4.9.2 "syslogd message class": the RFC 5424 facility of every entry (used for all syslog types, ours). */
  readonly class: Facility;
  /** HTTP, HTTPS: the Path the GET goes to, `?event=syslog&msg=…` appended (§4.9.2 example). */
  readonly path?: string;
  /** SYSLOG-TLS, HTTPS: "Allow untrusted" disables server certificate verification (§4.9.2). */
  readonly allowUntrusted: boolean;
  /** §4.23.1.1: which logs go out (classes.ts). */
  readonly logs: readonly LogClass[];
}

const KEYS = ["type", "address", "port", "class", "path", "allowUntrusted", "logs"] as const;
const WITH_PATH: readonly LoggingType[] = ["http", "https"];
const WITH_TLS: readonly LoggingType[] = ["syslog-tls", "https"];
/** A path as an HTTP request-target's path (RFC 9110 §4.1): no query, fragment, space or control character. */
const PATH = /^\/[^?#\s]*$/u;

function readLogging(r: FieldReader, value: unknown, path: Path): LoggingSettings {
  const o = r.mapping(value, path, KEYS);
  const at = (key: string): Path => [...path, key];
  const type = r.oneOf(r.required(o, at("type")), at("type"), LOGGING_TYPES, LoggingCode.Type);
  const port =
    r.optional(o, at("port"), (v, p) =>
      r.integer(v, p, 1, PORT_MAX, ConfigCode.Port, `a port from 1 to ${PORT_MAX}`),
    ) ?? DEFAULT_LOGGING_PORTS[type];
  const facility =
    r.optional(o, at("class"), (v, p) => r.oneOf(v, p, FACILITIES, LoggingCode.Class)) ?? DEFAULT_FACILITY;
  const given = r.optional(o, at("path"), (v, p) => r.text(v, p));
  if (given !== undefined && !WITH_PATH.includes(type))
    r.fail(at("path"), LoggingCode.Option, `a Path is for the http and https types, not ${type} (§4.9.2)`);
  if (given !== undefined && !PATH.test(given))
    r.fail(at("path"), LoggingCode.Path, "must start with / and hold no ?, # or space (§4.9.2: a relative URL)");
  const allowUntrusted = r.optional(o, at("allowUntrusted"), (v, p) => r.boolean(v, p)) ?? false;
  if (allowUntrusted && !WITH_TLS.includes(type))
    r.fail(at("allowUntrusted"), LoggingCode.Option, `Allow untrusted is for syslog-tls and https, not ${type}`);
  const logs =
    r.optional(o, at("logs"), (v, p) =>
      r.list(v, p).map((c, i) => r.oneOf(c, [...p, i], LOG_CLASSES, LoggingCode.Class)),
    ) ?? DEFAULT_LOG_CLASSES;
  return compact({
    type,
    address: r.ipv4(r.required(o, at("address")), at("address")),
    port,
    class: facility,
    path: WITH_PATH.includes(type) ? (given ?? DEFAULT_LOGGING_PATH) : undefined,
    allowUntrusted,
    logs: [...new Set(logs)],
  });
}

/**
 * LOG0: the `logging` section in the native text form. The manual shows no text form for this page; the module and
 * option names are this project's (docs/user-guide.md "Logging"). `/log1` … name the chosen classes of §4.23.1.1.
 */
const LOGGING_NATIVE: readonly NativeModule[] = [
  {
    module: "LOG0",
    label: "LOG0",
    section: "logging",
    formatVerb: "change",
    always: true,
    options: [
      text("/type", "type"),
      text("/addr", "address"),
      number("/port", "port"),
      text("/class", "class", DEFAULT_FACILITY),
      text("/path", "path"),
      flag("/allow-untrusted", "allowUntrusted", true, false),
      flag("/verify", "allowUntrusted", false, false),
      ...LOG_CLASSES.map((_, i) => item(`/log${i + 1}`, "logs", i)),
    ],
  },
];

/** The `logging` section of the device configuration (§4.9.2): where the device's entries go and which. */
export const LOGGING_SECTION: ConfigSection<"logging", LoggingSettings> = {
  key: "logging",
  schema: mappingOf(
    KEYS,
    {
      type: oneOf(LOGGING_TYPES),
      address: IPV4,
      port: integer(1, PORT_MAX),
      class: oneOf(FACILITIES),
      path: { type: "string", pattern: PATH.source },
      allowUntrusted: BOOLEAN,
      logs: listOf(oneOf(LOG_CLASSES)),
    },
    ["type", "address"],
  ),
  read: (r, value, path) => readLogging(r, value, path),
  native: LOGGING_NATIVE,
};
