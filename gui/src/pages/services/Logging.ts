import { call, get } from "../../api.js";
import { ipv4, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import {
  compact,
  optNumber,
  optText,
  pendingNote,
  PENDING_TEXT,
  shownSection,
  textOf,
  type SectionAnswer,
} from "../../settings.js";

interface Logging {
  readonly type: string;
  readonly address: string;
  readonly port: number;
  readonly class: string;
  readonly path?: string;
  readonly allowUntrusted: boolean;
  readonly logs: readonly string[];
}

/** §4.23.1.1: the logs this version writes, with the manual's names where it has them. */
const LOGS: readonly (readonly [string, string])[] = [
  ["alarms", "Alarms"],
  ["events", "Events"],
  ["logins", "Logins"],
  ["configChanges", "Configuration changes"],
  ["dectMaster", "DECT Master"],
  ["dectRadio", "DECT Radio"],
  ["sipRegistrations", "SIP registrations"],
];

/** RFC 5424 facilities: the "syslogd message class" of §4.9.2. */
const CLASSES = [
  ...["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp"],
  ...["audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"],
];

const withPath = (v: Values) => v["type"] === "http" || v["type"] === "https";
const withTls = (v: Values) => v["type"] === "syslog-tls" || v["type"] === "https";
const on = (v: Values) => v["type"] !== "";

const SPECS: readonly FieldSpec[] = [
  {
    key: "type",
    label: "Type",
    kind: "select",
    options: [
      ["", "none"],
      ["syslog", "SYSLOG"],
      ["tcp", "TCP"],
      ["syslog-tls", "SYSLOG-TLS"],
      ["http", "HTTP"],
      ["https", "HTTPS"],
    ],
    hint: "§4.9.2; none: nothing goes out.",
  },
  { key: "address", label: "Server", kind: "text", shown: on, check: ipv4() },
  {
    key: "port",
    label: "Port",
    kind: "number",
    shown: on,
    check: wholeNumber(1, 65_535, true),
    hint: "Empty: 514, 6514 for SYSLOG-TLS, 80 or 443 for HTTP(S).",
  },
  { key: "class", label: "Class", kind: "select", shown: on, options: CLASSES.map((c) => [c, c]) },
  {
    key: "path",
    label: "Path",
    kind: "text",
    shown: withPath,
    check: (v) => (v === "" || /^\/[^?#\s]*$/.test(v) ? undefined : `must start with / and hold no ?, # or space`),
  },
  { key: "allowUntrusted", label: "Allow untrusted", kind: "checkbox", shown: withTls },
  ...LOGS.map(([key, label]): FieldSpec => ({ key: `log-${key}`, label, kind: "checkbox", shown: on, server: "logs" })),
];

function valuesOf(l: Logging | null): Values {
  return {
    type: l?.type ?? "",
    address: l?.address ?? "",
    port: textOf(l?.port),
    class: l?.class ?? "local0",
    path: l?.path ?? "",
    allowUntrusted: l?.allowUntrusted ?? false,
    ...Object.fromEntries(
      LOGS.map(([k]) => [
        `log-${k}`,
        l === null ? ["alarms", "events", "logins", "configChanges"].includes(k) : l.logs.includes(k),
      ]),
    ),
  };
}

/** Services → Logging (§4.9.2) with the logs of Diagnostics → Logging (§4.23.1.1); pending until reset. */
export function LoggingPage({ canWrite, refresh }: PageProps): View {
  const logging = useLoad(() => get<SectionAnswer<Logging>>("/api/logging"));
  if (logging.error !== undefined) return html`<p class="error" role="alert">${logging.error.message}</p>`;
  if (logging.data === undefined) return html`<p role="status">Loading…</p>`;
  const shown = shownSection(logging.data);
  const submit = async (v: Values) => {
    if (v["type"] === "") await call("DELETE", "/api/logging");
    else
      await call("PUT", "/api/logging", {
        json: compact({
          type: v["type"],
          address: optText(v["address"]),
          port: optNumber(v["port"]),
          class: v["class"],
          path: withPath(v) ? optText(v["path"]) : undefined,
          allowUntrusted: withTls(v) ? v["allowUntrusted"] === true : undefined,
          logs: LOGS.map(([k]) => k).filter((k) => v[`log-${k}`] === true),
        }),
      });
    refresh();
    return PENDING_TEXT;
  };
  return html`${pendingNote(logging.data.pending !== undefined)}
    <${SettingsForm}
      title="Logging"
      specs=${SPECS}
      initial=${valuesOf(shown)}
      onSubmit=${canWrite ? submit : undefined}
    />`;
}
