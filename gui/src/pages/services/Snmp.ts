import { call, get } from "../../api.js";
import { ipv4Port, network, port, wholeNumber } from "../../checks.js";
import { Facts } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { filledRows, renumbered, rowCount, rowSpecs, rowValues, type RowList } from "../../components/rows.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
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

/** The snmp section as GET /api/snmp shows it (src/snmp/settings.ts), every secret as the mask. */
interface Snmp {
  readonly enabled: boolean;
  readonly port: number;
  readonly community: string;
  readonly deviceName?: string;
  readonly contact?: string;
  readonly location?: string;
  readonly authTrap: boolean;
  readonly trapDestinations: readonly object[];
  readonly allowedNetworks: readonly object[];
  readonly v3?: {
    readonly user: string;
    readonly authProtocol: string;
    readonly authPassword?: string;
    readonly privProtocol: string;
    readonly privPassword?: string;
  };
}

interface SnmpAnswer extends SectionAnswer<Snmp> {
  readonly engineId: string;
  readonly agent: {
    readonly listening: { readonly ip: string; readonly port: number } | null;
    readonly snmp: Readonly<Record<string, number>>;
    readonly usmStats: Readonly<Record<string, number>>;
  } | null;
}

/** What an answer shows in place of a secret; sent back, it keeps the secret stored (src/core/config/secrets.ts). */
const MASK = "********";

const inform = (row: Values) => row["version"] === "v2c-inform";

/** §4.9.5 step 8: "SNMP traps will be sent to all destinations". */
const TRAPS: RowList = {
  key: "traps",
  server: "trapDestinations",
  label: "Trap Destination",
  fields: [
    {
      field: "address",
      label: "",
      kind: "text",
      check: ipv4Port,
      hint: "IPv4 address, optionally :port (default 162).",
    },
    {
      field: "version",
      label: "Version",
      kind: "select",
      initial: "v2c",
      options: [
        ["v1", "SNMPv1 trap"],
        ["v2c", "SNMPv2c trap"],
        ["v2c-inform", "SNMPv2c inform"],
        ["v3", "SNMPv3 trap (as the SNMPv3 user)"],
      ],
    },
    {
      field: "timeoutMs",
      label: "Timeout (ms)",
      kind: "number",
      shown: inform,
      check: wholeNumber(1, 2_147_483_647, true),
    },
    { field: "retries", label: "Retries", kind: "number", shown: inform, check: wholeNumber(0, 255, true) },
  ],
};

/** §4.9.5 step 9: "All networks are allowed if the field is empty". */
const NETWORKS: RowList = {
  key: "networks",
  server: "allowedNetworks",
  label: "Allowed Network",
  fields: [{ field: "network", label: "", kind: "text", check: network, hint: "a.b.c.d/len or a.b.c.d/mask." }],
};

const AUTH = ["none", "MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"];
const PRIV = ["none", "DES", "AES", "AES-256"];
const choices = (l: readonly string[]) => l.map((p): readonly [string, string] => [p, p === "none" ? "NONE" : p]);

const v3 = (v: Values) => String(v["v3user"]).trim() !== "";
/** RFC 3414 §11.2: at least 8 characters; the mask keeps the stored one. */
const v3Password = (v: string) =>
  v === MASK || v.length >= 8 ? undefined : "must have at least 8 characters (RFC 3414 §11.2)";

const specs = (traps: number, networks: number): FieldSpec[] => [
  { key: "enabled", label: "Enable", kind: "checkbox", hint: "SNMP is disabled by default (§4.9.5)." },
  { key: "port", label: "Port", kind: "number", check: port(true), hint: "UDP; empty: 161 (App. H)." },
  {
    key: "community",
    label: "Community",
    kind: "password",
    hint: `Acts like a password (§4.9.5 step 3); empty: public; ${MASK} keeps the one stored.`,
  },
  { key: "deviceName", label: "Device Name", kind: "text", hint: "Informational only (sysName)." },
  { key: "contact", label: "Contact", kind: "text", hint: "Name and phone number of the contact person (sysContact)." },
  { key: "location", label: "Location", kind: "text", hint: "sysLocation." },
  {
    key: "authTrap",
    label: "Authentication Trap",
    kind: "checkbox",
    hint: "A trap when a request has a wrong community or user (§4.9.5 step 7).",
  },
  ...rowSpecs(TRAPS, traps),
  ...rowSpecs(NETWORKS, networks),
  { key: "v3user", label: "User", kind: "text", hint: "SNMPv3; empty: no SNMPv3 access.", server: "v3.user" },
  {
    key: "authProtocol",
    label: "Authentication",
    kind: "select",
    options: choices(AUTH),
    shown: v3,
    server: "v3.authProtocol",
  },
  {
    key: "authPassword",
    label: "Password (Auth)",
    kind: "password",
    shown: (v) => v3(v) && v["authProtocol"] !== "none",
    check: v3Password,
    server: "v3.authPassword",
  },
  {
    key: "privProtocol",
    label: "Encryption",
    kind: "select",
    options: choices(PRIV),
    shown: v3,
    check: (p, v) =>
      p !== "none" && v["authProtocol"] === "none" ? "needs Authentication as well (§4.9.5)" : undefined,
    server: "v3.privProtocol",
  },
  {
    key: "privPassword",
    label: "Password (Crypt)",
    kind: "password",
    shown: (v) => v3(v) && v["privProtocol"] !== "none",
    check: v3Password,
    server: "v3.privPassword",
  },
];

function valuesOf(s: Snmp | null, traps: number, networks: number): Values {
  return {
    enabled: s?.enabled ?? false,
    port: textOf(s?.port),
    community: s?.community ?? "",
    deviceName: s?.deviceName ?? "",
    contact: s?.contact ?? "",
    location: s?.location ?? "",
    authTrap: s?.authTrap ?? false,
    ...rowValues(TRAPS, s?.trapDestinations ?? [], traps),
    ...rowValues(NETWORKS, s?.allowedNetworks ?? [], networks),
    v3user: s?.v3?.user ?? "",
    authProtocol: s?.v3?.authProtocol ?? "none",
    authPassword: s?.v3?.authPassword ?? "",
    privProtocol: s?.v3?.privProtocol ?? "none",
    privPassword: s?.v3?.privPassword ?? "",
  };
}

/** The snmp section of the form's values. */
function sectionOf(v: Values, traps: Values[], networks: Values[]): object {
  const auth = String(v["authProtocol"]);
  const priv = String(v["privProtocol"]);
  return compact({
    enabled: v["enabled"] === true,
    port: optNumber(v["port"]),
    community: optText(v["community"]),
    deviceName: optText(v["deviceName"]),
    contact: optText(v["contact"]),
    location: optText(v["location"]),
    authTrap: v["authTrap"] === true,
    trapDestinations: traps.map((t) =>
      compact({
        address: t["address"],
        version: t["version"],
        timeoutMs: optNumber(t["timeoutMs"]),
        retries: optNumber(t["retries"]),
      }),
    ),
    allowedNetworks: networks.map((n) => ({ network: n["network"] })),
    v3: v3(v)
      ? compact({
          user: String(v["v3user"]).trim(),
          authProtocol: auth,
          authPassword: auth === "none" ? undefined : String(v["authPassword"]),
          privProtocol: priv,
          privPassword: priv === "none" ? undefined : String(v["privPassword"]),
        })
      : undefined,
  });
}

/** The agent of this boot: where it answers, its snmpEngineID and counters (RFC 3418, RFC 3414). */
function Agent({ answer: a }: { readonly answer: SnmpAnswer }): View {
  const l = a.agent?.listening;
  return html`<${Facts}
    label="SNMP agent"
    items=${[
      [
        "Agent",
        a.agent === null ? "disabled" : l === null || l === undefined ? "not listening" : `UDP ${l.ip}:${l.port}`,
      ],
      ["snmpEngineID", html`<code>${a.engineId}</code>`],
      ...Object.entries({ ...a.agent?.snmp, ...a.agent?.usmStats }).map(([k, n]): [string, string] => [k, String(n)]),
    ]}
  />`;
}

/**
 * Services → SNMP (§4.9.5): SNMPv1/v2c, trap destinations, allowed networks and the SNMPv3 user, pending until reset;
 * the agent of this boot below. An Auditor reads the settings without their secrets (the mask).
 */
export function SnmpPage({ canWrite, refresh }: PageProps): View {
  const snmp = useLoad(() => get<SnmpAnswer>("/api/snmp"));
  const wait = waiting(snmp);
  if (wait !== undefined) return wait;
  const a = snmp.data!;
  const s = shownSection(a);
  const traps = rowCount(TRAPS, s?.trapDestinations.length ?? 0);
  const networks = rowCount(NETWORKS, s?.allowedNetworks.length ?? 0);
  const submit = async (v: Values) => {
    const t = filledRows(TRAPS, v, traps);
    const n = filledRows(NETWORKS, v, networks);
    await call("PUT", "/api/snmp", { json: sectionOf(v, [...t.rows], [...n.rows]) }).catch((e: unknown) => {
      throw renumbered(NETWORKS, n.at, renumbered(TRAPS, t.at, e));
    });
    refresh();
    return PENDING_TEXT;
  };
  return html`${pendingNote(a.pending !== undefined)}
    <${SettingsForm}
      title="SNMP"
      specs=${specs(traps, networks)}
      initial=${valuesOf(s, traps, networks)}
      onSubmit=${canWrite ? submit : undefined}
    />
    <h2>Agent</h2>
    <${Agent} answer=${a} />`;
}
