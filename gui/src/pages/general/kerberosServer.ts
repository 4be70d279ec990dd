import { call } from "../../api.js";
import { ipv4, port, sameAs } from "../../checks.js";
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
import { useOutcome } from "../../components/selection.js";
import { html, type View } from "../../html.js";
import { dateText } from "../../session.js";
import { changeParts, compact, optNumber, optText, PENDING_TEXT, textOf } from "../../settings.js";
import { passwordCheck, realmCheck, type KerberosSection, type ServerStatus } from "./kerberosTypes.js";

/** §4.1.8.1 step 4: the root password creates the database; retyped, as every new password of the page. */
const ROOT: readonly FieldSpec[] = [
  {
    key: "rootPassword",
    label: "Root Password",
    kind: "password",
    check: passwordCheck(),
    hint: "Encrypts the server's database; a secondary server needs its primary's (§4.1.8.11 step 4).",
  },
  { key: "rootConfirm", label: "Retype Password", kind: "password", check: sameAs("rootPassword", "Root Password") },
];

const STATES: Readonly<Record<ServerStatus["state"], string>> = {
  running: "running",
  "no-database": "waiting for the root password (§4.1.8.1 step 4)",
  stopped: "stopped",
};

interface StateProps {
  readonly server: ServerStatus;
  readonly canWrite: boolean;
  readonly reload: () => void;
}

/**
 * The Kerberos server in force (§4.1.8.1, §4.1.8.11): realm, primary or secondary, state, the copies to the
 * secondaries; the root password while it has no database, and Copy now on a primary with secondaries.
 */
export function ServerState({ server: s, canWrite, reload }: StateProps): View {
  const [outcome, run] = useOutcome();
  const setUp = async (v: Values) => {
    await call("POST", "/api/kerberos/server", { json: { rootPassword: v["rootPassword"] } });
    reload();
    return "The database is created: the Kerberos server is enabled.";
  };
  const copy = () =>
    run(async () => {
      await call("POST", "/api/kerberos/server/copy");
      reload();
      return "Copied to the secondary servers.";
    });
  return html`<${Facts}
      label="Kerberos server"
      items=${[
        ["Realm", s.realm],
        ["Server", s.role === "primary" ? "primary" : `secondary of ${s.primary ?? "?"}`],
        ["State", STATES[s.state]],
        ["Port", String(s.port)],
        ["Admin Port", String(s.adminPort)],
        ["Secondary servers", s.role === "primary" ? s.secondaries.join(", ") || "none" : undefined],
        ["Last copy", s.copied === undefined ? undefined : dateText(s.copied)],
        ["Copy failed", s.copyError],
      ]}
    />
    ${
      canWrite && s.state === "no-database"
        ? html`<${SettingsForm}
            title="Root password"
            specs=${ROOT}
            initial=${{ rootPassword: "", rootConfirm: "" }}
            onSubmit=${setUp}
          />`
        : null
    }
    ${
      canWrite && s.role === "primary" && s.secondaries.length > 0 && s.state === "running"
        ? html`<div class="actions"><button type="button" class="secondary" onClick=${copy}>Copy now</button></div>`
        : null
    }
    ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}`;
}

/** §4.1.8.11: the secondary servers a primary copies its database to (src/kerberos/settings.ts MAX_SECONDARIES). */
const SECONDARIES: RowList = {
  key: "secondaries",
  server: "kerberos.server.secondaries",
  label: "Secondary Server",
  max: 4,
  plain: true,
  fields: [{ field: "address", label: "", kind: "text", check: ipv4(), hint: "On a primary: copies go there." }],
};

const serverSpecs = (rows: number): FieldSpec[] => [
  { key: "serverEnabled", label: "Enable Kerberos Server", kind: "checkbox", hint: "§4.1.8.1" },
  ...onlyWhen(
    [
      { key: "realm", label: "Realm", kind: "text", check: realmCheck, server: "kerberos.server.realm" },
      ...(
        [
          ["port", "Port", "88 (App. H)"],
          ["adminPort", "Admin Port", "749"],
          ["passwordPort", "Password Port", "464 (App. H)"],
          ["propPort", "Copy Port", "754: where a secondary takes its copies"],
        ] as const
      ).map(([key, label, hint]): FieldSpec => ({
        key,
        label,
        kind: "number",
        check: port(true),
        hint: `Empty: ${hint}.`,
        server: `kerberos.server.${key}`,
      })),
      {
        key: "primary",
        label: "Master",
        kind: "text",
        check: ipv4(true),
        hint: "On a secondary server: the primary's address (§4.1.8.11 step 7); empty on the primary.",
        server: "kerberos.server.primary",
      },
      ...rowSpecs(SECONDARIES, rows),
    ],
    (v) => v["serverEnabled"] === true,
  ),
];

/**
 * The server's settings (§4.1.8.1 step 6, §4.1.8.11 step 7) for a System Administrator: they come from the
 * configuration and wait for a reset. The manual takes the primary's address in an LDAP Replication section; here the
 * secondary copies the database with MIT kpropd (docs/user-guide.md "Kerberos").
 */
export function ServerSettings({
  section,
  refresh,
}: {
  readonly section: KerberosSection;
  /** Called after a change; absent: shown read-only (an Auditor, §3.4.3). */
  readonly refresh?: () => void;
}): View {
  const s = section.server;
  const rows = rowCount(SECONDARIES, s?.secondaries?.length ?? 0);
  const initial: Values = {
    serverEnabled: s !== undefined,
    realm: s?.realm ?? "",
    port: textOf(s?.port),
    adminPort: textOf(s?.adminPort),
    passwordPort: textOf(s?.passwordPort),
    propPort: textOf(s?.propPort),
    primary: s?.primary ?? "",
    ...rowValues(SECONDARIES, s?.secondaries ?? [], rows),
  };
  const submit = async (v: Values) => {
    const secondaries = filledRows(SECONDARIES, v, rows);
    const server =
      v["serverEnabled"] === true
        ? compact({
            realm: String(v["realm"]),
            port: optNumber(v["port"]),
            adminPort: optNumber(v["adminPort"]),
            passwordPort: optNumber(v["passwordPort"]),
            propPort: optNumber(v["propPort"]),
            primary: optText(v["primary"]),
            secondaries: secondaries.rows.map((r) => String(r["address"])),
          })
        : undefined;
    await changeParts("kerberos", { server }).catch((e: unknown) => {
      throw renumbered(SECONDARIES, secondaries.at, e);
    });
    refresh?.();
    return PENDING_TEXT;
  };
  return html`<${SettingsForm}
    title="Kerberos server settings"
    specs=${serverSpecs(rows)}
    initial=${initial}
    onSubmit=${refresh === undefined ? undefined : submit}
  />`;
}
