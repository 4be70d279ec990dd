import { useState } from "preact/hooks";
import { call, get } from "../../api.js";
import { wholeNumber } from "../../checks.js";
import { Facts } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { optText, pendingNote, PENDING_TEXT, shownSection, type SectionAnswer } from "../../settings.js";

/** The provisioning section (src/provisioning/settings.ts), the URL's password masked. */
interface Provisioning {
  readonly method: "disabled" | "static" | "dhcp";
  readonly url?: string;
  readonly intervalMinutes: number;
  readonly time?: string;
  readonly checkSync: "disabled" | "update" | "reboot";
  readonly importConfig: boolean;
  readonly importUsers: boolean;
  readonly firmware?: string;
}

interface FileOutcome {
  readonly file: string;
  readonly result: string;
  readonly url?: string;
  readonly version?: string;
  readonly reason?: string;
}

/** The client's status (src/provisioning/status.ts). */
interface ProvisioningStatus {
  readonly server?: string;
  readonly serverReason?: string;
  readonly lastCheck?: {
    readonly at: number;
    readonly trigger: string;
    readonly reason?: string;
    readonly files: readonly FileOutcome[];
  };
  readonly nextCheckAt?: number;
  readonly notModelled: readonly string[];
}

interface Answer extends SectionAnswer<Provisioning> {
  readonly status: ProvisioningStatus | null;
}

/** Seed 002's defaults but the method: ours is disabled (the App. A update client is this device's own dialect). */
const DEFAULTS: Provisioning = {
  method: "disabled",
  intervalMinutes: 0,
  checkSync: "disabled",
  importConfig: true,
  importUsers: false,
};
/** src/provisioning/settings.ts MAX_CHECK_INTERVAL_MINUTES: a week. */
const MAX_INTERVAL = 7 * 24 * 60;
const URL_FORM = /^((tftp|ftp|https?):\/\/)?[^/\s]+/i;

const SPECS: readonly FieldSpec[] = [
  {
    key: "method",
    label: "Method",
    kind: "select",
    options: [
      ["disabled", "Disabled"],
      ["static", "Static"],
      ["dhcp", "DHCP (option 66)"],
    ],
    hint: "Disabled: the update server of Services → Update is polled instead (one dialect per device).",
  },
  {
    key: "url",
    label: "URL",
    kind: "text",
    shown: (all) => all["method"] === "static",
    check: (v, all) =>
      all["method"] !== "static"
        ? undefined
        : v.trim() === ""
          ? "the static method needs a URL"
          : URL_FORM.test(v.trim())
            ? undefined
            : "[<protocol>://[<user>:<password>@]]<host>[:<port>][/<path>] with tftp, ftp, http or https",
    hint: "e.g. 10.0.0.10, ftp://user:password@provisioning.example.com, https://server.example.com:10443/boot",
  },
  {
    key: "intervalMinutes",
    label: "Interval (minutes)",
    kind: "number",
    check: wholeNumber(0, MAX_INTERVAL),
    hint: "0: no periodic polling.",
  },
  {
    key: "time",
    label: "Time (hh:mm)",
    kind: "text",
    check: (v) =>
      v.trim() === "" || /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(v.trim()) ? undefined : "a time of day HH:MM",
    hint: "A check every day at this time (the device clock, UTC); empty: none.",
  },
  {
    key: "checkSync",
    label: "NOTIFY check_sync",
    kind: "select",
    options: [
      ["disabled", "Disabled"],
      ["update", "Update"],
      ["reboot", "Reboot"],
    ],
    hint: "What a SIP NOTIFY with Event: check-sync to one of the users does; Disabled answers 489 Bad Event.",
  },
  { key: "importConfig", label: "Import configuration", kind: "checkbox", hint: "<MAC>-config.xml" },
  { key: "importUsers", label: "Import users", kind: "checkbox", hint: "<MAC>-users.xml, taken live" },
  {
    key: "firmware",
    label: "Firmware",
    kind: "text",
    check: (v) => (v.trim() === "" || /^[A-Za-z0-9._+-]{1,128}$/.test(v.trim()) ? undefined : "a file name"),
    hint: "The firmware file name on the server, its version in <name>.ver; empty: no firmware download.",
  },
];

const valuesOf = (p: Provisioning): Values => ({
  method: p.method,
  url: p.url ?? "",
  intervalMinutes: String(p.intervalMinutes),
  time: p.time ?? "",
  checkSync: p.checkSync,
  importConfig: p.importConfig,
  importUsers: p.importUsers,
  firmware: p.firmware ?? "",
});

const when = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

/**
 * Services → Provisioning: the second provisioning dialect (seed 002 "Enabling Provisioning through Web Based
 * Administration Page"), pending until reset like every setting; what the last check did, file by file, and a check
 * now.
 */
export function ProvisioningPage({ canWrite, refresh }: PageProps): View {
  const answer = useLoad(() => get<Answer>("/api/provisioning"));
  const [checking, setChecking] = useState<string | undefined>(undefined);
  const wait = waiting(answer);
  if (wait !== undefined) return wait;
  const p = shownSection(answer.data!) ?? DEFAULTS;
  const submit = async (v: Values) => {
    const url = optText(v["url"]);
    const time = optText(v["time"]);
    const firmware = optText(v["firmware"]);
    const next: Provisioning = {
      method: v["method"] as Provisioning["method"],
      ...(url === undefined || v["method"] !== "static" ? {} : { url }),
      intervalMinutes: Number(v["intervalMinutes"]),
      ...(time === undefined ? {} : { time }),
      checkSync: v["checkSync"] as Provisioning["checkSync"],
      importConfig: v["importConfig"] === true,
      importUsers: v["importUsers"] === true,
      ...(firmware === undefined ? {} : { firmware }),
    };
    await call("PUT", "/api/provisioning", { json: next });
    answer.reload();
    refresh();
    return PENDING_TEXT;
  };
  const checkNow = async () => {
    setChecking("Checking…");
    try {
      await call("POST", "/api/provisioning/check");
      setChecking("Checked.");
    } catch (e) {
      setChecking(e instanceof Error ? e.message : String(e));
    }
    answer.reload();
  };
  return html`${pendingNote(answer.data!.pending !== undefined)}
    <${SettingsForm}
      title="Provisioning"
      specs=${SPECS}
      initial=${valuesOf(p)}
      onSubmit=${canWrite ? submit : undefined}
    />
    <h2>Status</h2>
    ${statusView(answer.data!.status)}
    ${
      canWrite && answer.data!.status !== null
        ? html`<p>
            <button type="button" onClick=${checkNow}>Check now</button>
            ${checking === undefined ? null : html`<span role="status"> ${checking}</span>`}
          </p>`
        : null
    }`;
}

function statusView(s: ProvisioningStatus | null): View {
  if (s === null) return html`<p>The device does not provision (Method: Disabled), or cannot download here.</p>`;
  const last = s.lastCheck;
  return html`<${Facts}
      label="Provisioning status"
      items=${[
        ["Server", s.server ?? s.serverReason],
        [
          "Last check",
          last === undefined
            ? "none yet"
            : `${when(last.at)} (${last.trigger})${last.reason ? `: ${last.reason}` : ""}`,
        ],
        ["Next check", s.nextCheckAt === undefined ? "none planned" : when(s.nextCheckAt)],
        ["Not modelled", s.notModelled.length === 0 ? "none" : s.notModelled.join(", ")],
      ]}
    />
    ${
      last === undefined || last.files.length === 0
        ? null
        : html`<table aria-label="Files of the last check">
            <thead>
              <tr>
                <th>File</th>
                <th>Result</th>
                <th>Version</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              ${last.files.map(
                (f) =>
                  html`<tr>
                    <td>${f.file}</td>
                    <td>${f.result}</td>
                    <td>${f.version ?? ""}</td>
                    <td>${f.reason ?? ""}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
