import { get } from "../../api.js";
import { port, required, wholeNumber } from "../../checks.js";
import { Facts, yesNo } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { onlyWhen } from "../../components/rows.js";
import { html, type View } from "../../html.js";
import { orNone, useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { loadSettings, changeParts, effective, optNumber, pendingNote, PENDING_TEXT, textOf } from "../../settings.js";
import { ldapOf, passwordOf, passwordSpec, type LdapSection } from "./ldapSection.js";

/** GET /api/ldap/server (src/ldap/LdapService.ts): the settings in force without the password, and the counters. */
interface ServerStatus {
  readonly user: string;
  readonly writeAccess: boolean;
  readonly port: number;
  readonly entries: number;
  readonly counters: Readonly<Record<string, number>>;
  readonly listening?: { readonly ip: string; readonly port: number };
}

/** §4.5.2 in the manual's words and order, then the two of this version (src/ldap/counters.ts). */
const COUNTERS: readonly (readonly [string, string])[] = [
  ["connections", "connections"],
  ["writeConnections", "write connections"],
  ["rxSearch", "rx search"],
  ["rxModify", "rx modify"],
  ["rxAdd", "rx add"],
  ["rxDel", "rx del"],
  ["rxAbandon", "rx abandon"],
  ["txNotify", "tx notify"],
  ["txError", "tx error"],
  ["txError49", "tx error 49"],
  ["txError50", "tx error 50"],
  ["refused", "refused (connection limits)"],
  ["idleClosed", "idle closed (no login in time)"],
];

/** LDAP → Server Status (§4.5.2). */
function ServerStatusView({ status: s }: { readonly status: ServerStatus }): View {
  return html`<${Facts}
    label="LDAP server status"
    items=${[
      ["User", s.user],
      ["Write Access", yesNo(s.writeAccess)],
      ["Listening", s.listening === undefined ? undefined : `TCP ${s.listening.ip}:${s.listening.port}`],
      ["Entries", String(s.entries)],
      ...COUNTERS.map(([k, label]): [string, string] => [label, String(s.counters[k] ?? 0)]),
    ]}
  />`;
}

const specs = (stored: boolean): FieldSpec[] => [
  { key: "serverEnabled", label: "Enable LDAP Server", kind: "checkbox", hint: "§4.5.1" },
  ...onlyWhen(
    [
      {
        key: "user",
        label: "User",
        kind: "text",
        check: required,
        hint: "The same on the Master, its Standby and every Master of a Multi Master system (§4.5.1).",
        server: "ldap.server.user",
      },
      passwordSpec("password", stored, "ldap.server.password"),
      { key: "writeAccess", label: "Write Access", kind: "checkbox", server: "ldap.server.writeAccess" },
      {
        key: "port",
        label: "Port",
        kind: "number",
        check: port(true),
        hint: "Empty: 389 (App. H).",
        server: "ldap.server.port",
      },
      {
        key: "tlsPort",
        label: "LDAPS Port",
        kind: "number",
        check: wholeNumber(0, 65_535, true),
        hint: "Empty: 636 (App. H); 0: no LDAPS.",
        server: "ldap.server.tlsPort",
      },
    ],
    (v) => v["serverEnabled"] === true,
  ),
];

/** The server's settings for a System Administrator: from the configuration, waiting for a reset. */
function ServerSettings({
  ldap,
  refresh,
}: {
  readonly ldap: LdapSection;
  /** Called after a change; absent: shown read-only (an Auditor, §3.4.3). */
  readonly refresh?: () => void;
}): View {
  const s = ldap.server;
  const initial: Values = {
    serverEnabled: s !== undefined,
    user: s?.user ?? "",
    password: "",
    writeAccess: s?.writeAccess ?? false,
    port: textOf(s?.port),
    tlsPort: textOf(s?.tlsPort),
  };
  const submit = async (v: Values) => {
    const server =
      v["serverEnabled"] === true
        ? {
            user: String(v["user"]).trim(),
            password: passwordOf(v, "password", s?.password),
            writeAccess: v["writeAccess"] === true,
            port: optNumber(v["port"]) ?? 389,
            tlsPort: optNumber(v["tlsPort"]) ?? 636,
          }
        : undefined;
    await changeParts("ldap", { server });
    refresh?.();
    return PENDING_TEXT;
  };
  return html`<${SettingsForm}
    title="LDAP server settings"
    specs=${specs(s !== undefined)}
    initial=${initial}
    onSubmit=${refresh === undefined ? undefined : submit}
  />`;
}

/**
 * LDAP → Server (§4.5.1) and Server Status (§4.5.2) on one page of a Master. An Auditor sees the settings read-only
 * (§3.4.3), the password masked as every secret of GET /api/settings is.
 */
export function LdapServerPage({ canWrite, refresh }: PageProps): View {
  const status = useLoad(() => orNone(get<ServerStatus>("/api/ldap/server"), "NO_LDAP_SERVER"));
  const settings = useLoad(loadSettings);
  // A change makes the header say a reset is waiting and this page show the pending settings.
  const saved = () => (refresh(), settings.reload());
  const wait = waiting(status, settings);
  if (wait !== undefined) return wait;
  const s = settings.data;
  return html`<h2>Server Status</h2>
    ${
      status.data === null
        ? html`<p class="note">No LDAP server runs on this device.</p>`
        : html`<${ServerStatusView} status=${status.data!} />`
    }
    ${
      s === undefined
        ? null
        : html`<h2>Settings</h2>
            ${pendingNote(s.pending !== null)}
            <${ServerSettings} ldap=${ldapOf(effective(s))} refresh=${canWrite ? saved : undefined} />`
    }`;
}
