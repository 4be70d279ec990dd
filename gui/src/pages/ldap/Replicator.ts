import { get } from "../../api.js";
import { hostPort, ldapFilter, required } from "../../checks.js";
import { Facts } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import {
  filledRows,
  onlyWhen,
  renumbered,
  rowCount,
  rowSpecs,
  rowValues,
  type RowList,
} from "../../components/rows.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { loadSettings, changeParts, compact, effective, optText, pendingNote, PENDING_TEXT } from "../../settings.js";
import { ldapOf, passwordOf, passwordSpec, type LdapSection } from "./ldapSection.js";

/** One side of a copy, or the AD replicator's remote and local sides with their counters (§4.5.4). */
type Side = string | Readonly<Record<string, string | number>>;

/** GET /api/ldap/replicator: `{ state: "stopped" }` where none runs, else the status of §4.5.4. */
interface ReplicatorStatus {
  readonly type?: "full" | "ad";
  readonly server?: string;
  readonly state: string;
  readonly remote?: Side;
  readonly local?: Side;
  readonly [counter: string]: unknown;
}

const TYPES: readonly (readonly [string, string])[] = [
  ["full", "Full Replication"],
  ["ad", "Active Directory Replication"],
];

/** The manual's names of the states and counters (§4.5.4). */
const NAMES: Readonly<Record<string, string>> = {
  notify: "Notify",
  paged: "Paged",
  noMatch: "No match",
  discarded: "Discarded",
  add: "Add",
  del: "Del",
  modify: "Modify",
  pending: "Pending",
};
const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** A side's state and counters as facts: "Remote", "Remote Notify", … */
function sideFacts(name: string, side: Side | undefined): [string, string][] {
  if (side === undefined) return [];
  if (typeof side === "string") return [[name, cap(side)]];
  return Object.entries(side).map(([k, v]): [string, string] =>
    k === "state" ? [name, cap(String(v))] : [`${name} ${NAMES[k] ?? k}`, String(v)],
  );
}

/** LDAP → Replicator Status (§4.5.4). */
function StatusView({ status: s }: { readonly status: ReplicatorStatus }): View {
  const counters = Object.keys(NAMES).filter((k) => typeof s[k] === "number");
  return html`<${Facts}
    label="LDAP replicator status"
    items=${[
      ["Type", TYPES.find(([t]) => t === s.type)?.[1]],
      ["Server", s.server],
      ["State", cap(s.state)],
      ...sideFacts("Remote", s.remote),
      ...sideFacts("Local", s.local),
      ...counters.map((k): [string, string] => [NAMES[k]!, String(s[k])]),
      ["Reason", typeof s["reason"] === "string" ? s["reason"] : undefined],
    ]}
  />`;
}

/** §4.5.3.2 step 9 In Maps: Source Attribute, Assignment Pattern, Description, handled in order. */
const IN_MAPS: RowList = {
  key: "inMaps",
  server: "ldap.replicator.inMaps",
  label: "In Map",
  fields: [
    { field: "source", label: "Source Attribute", kind: "text", hint: "The AD attribute, e.g. telephoneNumber." },
    { field: "pattern", label: "Assignment Pattern", kind: "text", check: required, hint: "e.g. %tel=([0-9]*)" },
    { field: "description", label: "Description", kind: "text" },
  ],
};

/** §4.5.3.2 step 9 Out Maps: Dest. Attribute, Destination Value. */
const OUT_MAPS: RowList = {
  key: "outMaps",
  server: "ldap.replicator.outMaps",
  label: "Out Map",
  fields: [
    { field: "dest", label: "Dest. Attribute", kind: "text", hint: "The IP-DECT attribute, e.g. e164." },
    { field: "value", label: "Destination Value", kind: "text", check: required, hint: "e.g. %tel" },
  ],
};

const on = (v: Values) => v["type"] !== "";
const full = (v: Values) => v["type"] === "full";
const ad = (v: Values) => v["type"] === "ad";

const specs = (stored: boolean, standby: boolean, inMaps: number, outMaps: number): FieldSpec[] => [
  { key: "type", label: "Type", kind: "select", options: [["", "none"], ...TYPES], hint: "§4.5.3" },
  ...onlyWhen(
    [
      { key: "enabled", label: "Enable", kind: "checkbox", server: "ldap.replicator.enabled" },
      {
        key: "server",
        label: "Server",
        kind: "text",
        check: (v, all) =>
          v === ""
            ? all["enabled"] !== true || (full(all) && standby)
              ? undefined
              : "must be filled in"
            : hostPort()(v),
        hint: standby
          ? "Empty: the primary Master (a Standby's Full Replication)."
          : "Address or name, optionally :port.",
        server: "ldap.replicator.server",
      },
      {
        key: "altServer",
        label: "Alt. Server",
        kind: "text",
        check: hostPort(true),
        hint: "Empty on an alternative/standby LDAP server (§4.5.3.1 step 5).",
        server: "ldap.replicator.altServer",
      },
      { key: "user", label: "User", kind: "text", check: required, server: "ldap.replicator.user" },
      passwordSpec("password", stored, "ldap.replicator.password"),
    ],
    on,
  ),
  ...onlyWhen(
    [
      {
        key: "filterType",
        label: "Filter Type",
        kind: "select",
        options: [
          ["", "none"],
          ["gateway", "Dect Gateway Name"],
          ["ldap", "LDAP Filter"],
        ],
        server: "ldap.replicator.filterType",
      },
      {
        key: "filter",
        label: "Filter",
        kind: "text",
        shown: (v) => v["filterType"] !== "",
        check: (v, all) => (all["filterType"] === "ldap" ? ldapFilter(v) : required(v)),
        server: "ldap.replicator.filter",
      },
    ],
    full,
  ),
  ...onlyWhen(
    [
      {
        key: "searchBase",
        label: "Search Base",
        kind: "text",
        check: required,
        hint: "The users' DN, e.g. CN=Users,DC=DomainName (§4.5.3.2 step 5).",
        server: "ldap.replicator.searchBase",
      },
      {
        key: "adFilter",
        label: "LDAP Filter",
        kind: "text",
        check: ldapFilter,
        hint: "Default (objectclass=user) (§4.5.3.2 step 6).",
        server: "ldap.replicator.adFilter",
      },
      { key: "tls", label: "Use TLS", kind: "checkbox", server: "ldap.replicator.tls" },
      ...rowSpecs(IN_MAPS, inMaps),
      ...rowSpecs(OUT_MAPS, outMaps),
    ],
    ad,
  ),
];

/** The replicator's settings for a System Administrator: from the configuration, waiting for a reset. */
function ReplicatorSettings({
  ldap,
  standby,
  refresh,
}: {
  readonly ldap: LdapSection;
  readonly standby: boolean;
  /** Called after a change; absent: shown read-only (an Auditor, §3.4.3). */
  readonly refresh?: () => void;
}): View {
  const r = ldap.replicator;
  const inMaps = rowCount(IN_MAPS, r?.inMaps?.length ?? 0);
  const outMaps = rowCount(OUT_MAPS, r?.outMaps?.length ?? 0);
  const initial: Values = {
    type: r?.type ?? "",
    enabled: r?.enabled ?? true,
    server: r?.server ?? "",
    altServer: r?.altServer ?? "",
    user: r?.user ?? "",
    password: "",
    filterType: r?.filterType ?? "",
    filter: r?.filter ?? "",
    searchBase: r?.searchBase ?? "",
    adFilter: r?.adFilter ?? "(objectclass=user)",
    tls: r?.tls ?? false,
    ...rowValues(IN_MAPS, r?.inMaps ?? [], inMaps),
    ...rowValues(OUT_MAPS, r?.outMaps ?? [], outMaps),
  };
  const submit = async (v: Values) => {
    const ins = filledRows(IN_MAPS, v, inMaps);
    const outs = filledRows(OUT_MAPS, v, outMaps);
    const common = {
      type: v["type"],
      enabled: v["enabled"] === true,
      server: optText(v["server"]),
      altServer: optText(v["altServer"]),
      user: String(v["user"]).trim(),
      password: passwordOf(v, "password", r?.password),
    };
    const replicator = full(v)
      ? compact({
          ...common,
          filterType: optText(v["filterType"]),
          filter: v["filterType"] === "" ? undefined : optText(v["filter"]),
        })
      : ad(v)
        ? compact({
            ...common,
            searchBase: String(v["searchBase"]).trim(),
            adFilter: String(v["adFilter"]).trim(),
            tls: v["tls"] === true,
            inMaps: ins.rows.map((m) => compact({ ...m, description: optText(m["description"]) })),
            outMaps: outs.rows,
          })
        : undefined;
    await changeParts("ldap", { replicator }).catch((e: unknown) => {
      throw renumbered(OUT_MAPS, outs.at, renumbered(IN_MAPS, ins.at, e));
    });
    refresh?.();
    return PENDING_TEXT;
  };
  return html`<${SettingsForm}
    title="LDAP replicator settings"
    specs=${specs(r !== undefined, standby, inMaps, outMaps)}
    initial=${initial}
    onSubmit=${refresh === undefined ? undefined : submit}
  />`;
}

/**
 * LDAP → Replicator (§4.5.3) and Replicator Status (§4.5.4) on one page of a Master: a Standby's Full Replication from
 * its Master, or a Master's Active Directory Replication. An Auditor sees the settings read-only (§3.4.3), the
 * password masked.
 */
export function LdapReplicatorPage({ canWrite, refresh }: PageProps): View {
  const replicator = useLoad(() => get<ReplicatorStatus>("/api/ldap/replicator"));
  const settings = useLoad(loadSettings);
  // A change makes the header say a reset is waiting and this page show the pending settings.
  const saved = () => (refresh(), settings.reload());
  const wait = waiting(replicator, settings);
  if (wait !== undefined) return wait;
  const s = settings.data;
  return html`<h2>Replicator Status</h2>
    <${StatusView} status=${replicator.data!} />
    ${
      s === undefined
        ? null
        : html`<h2>Settings</h2>
            ${pendingNote(s.pending !== null)}
            <${ReplicatorSettings}
              ldap=${ldapOf(effective(s))}
              standby=${effective(s).master?.mode === "standby"}
              refresh=${canWrite ? saved : undefined}
            />`
    }`;
}
