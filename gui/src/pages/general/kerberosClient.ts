import { call } from "../../api.js";
import { ipv4, port, wholeNumber } from "../../checks.js";
import { Facts, yesNo } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { filledRows, renumbered, rowCount, rowSpecs, rowValues, type RowList } from "../../components/rows.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { changeParts, compact, optNumber, optText, PENDING_TEXT } from "../../settings.js";
import {
  nameCheck,
  passwordCheck,
  realmCheck,
  type AuthServer,
  type ClientStatus,
  type KerberosSection,
} from "./kerberosTypes.js";

/** §4.1.8.9 step 4: the Authorization of a trusted realm's users; none: they cannot log in here. */
const AUTHORIZATIONS: readonly (readonly [string, string])[] = [
  ["", "none"],
  ["domain-group", "Use domain group"],
  ["administrator", "Administrator"],
  ["auditor", "Auditor"],
];

const authorizationName = (a: string | undefined): string => AUTHORIZATIONS.find(([k]) => k === (a ?? ""))?.[1] ?? "";

const SERVER_COLUMNS: readonly Column<AuthServer>[] = [
  { key: "realm", label: "Realm/Domain", value: (s) => s.realm },
  { key: "address", label: "Address", value: (s) => `${s.address}:${s.port}` },
  { key: "adminPort", label: "Admin Port", value: (s) => s.adminPort },
  {
    key: "secondary",
    label: "Secondary Address",
    value: (s) => (s.secondaryAddress === undefined ? "" : `${s.secondaryAddress}:${s.secondaryPort ?? ""}`),
  },
  { key: "authorization", label: "Authorization", value: (s) => authorizationName(s.authorization) },
];

/** §4.1.8.4 Join Kerberos realm: Realm, Host name (default: the MAC address), an admin or "join realm" account. */
const JOIN: readonly FieldSpec[] = [
  { key: "joinRealm", label: "Realm", kind: "text", check: realmCheck, server: "realm" },
  {
    key: "joinHost",
    label: "Host name",
    kind: "text",
    check: (v) => (v === "" ? undefined : nameCheck(v)),
    hint: "Empty: the MAC address (§4.1.8.4).",
    server: "host",
  },
  { key: "joinUser", label: "Admin user name", kind: "text", check: nameCheck, server: "user" },
  { key: "joinPassword", label: "Admin password", kind: "password", check: passwordCheck(), server: "password" },
  { key: "joinForce", label: "Overwrite existing", kind: "checkbox", hint: "Join again in place of a membership." },
];

const deregister = (v: Values) => v["leaveHow"] === "deregister";

/** §4.1.8.13: Deregister (the server forgets this host, with an admin account) or Delete (only this device's keys). */
const LEAVE: readonly FieldSpec[] = [
  {
    key: "leaveHow",
    label: "Leave by",
    kind: "select",
    options: [
      ["deregister", "Deregister"],
      ["delete", "Delete"],
    ],
  },
  { key: "leaveUser", label: "Admin user name", kind: "text", shown: deregister, check: nameCheck, server: "user" },
  {
    key: "leavePassword",
    label: "Admin password",
    kind: "password",
    shown: deregister,
    check: passwordCheck(),
    server: "password",
  },
];

interface StateProps {
  readonly client: ClientStatus;
  readonly canWrite: boolean;
  readonly reload: () => void;
}

/**
 * The device as a Kerberos client in force (§4.1.8.3, §4.1.8.4, §4.1.8.8): the realm joined, whether a Kerberos login
 * worked, the Authentication Servers; Join realm or Leave realm (§4.1.8.13), in force at once.
 */
export function ClientState({ client: c, canWrite, reload }: StateProps): View {
  const join = async (v: Values) => {
    const host = String(v["joinHost"]);
    await call("POST", "/api/kerberos/client/join", {
      json: {
        realm: v["joinRealm"],
        ...(host === "" ? {} : { host }),
        user: v["joinUser"],
        password: v["joinPassword"],
        ...(v["joinForce"] === true ? { force: "true" } : {}),
      },
    });
    reload();
    return "Joined.";
  };
  const leave = async (v: Values) => {
    await call("POST", "/api/kerberos/client/leave", {
      json: deregister(v)
        ? { how: "deregister", user: v["leaveUser"], password: v["leavePassword"] }
        : { how: "delete" },
    });
    reload();
    return "Left the realm.";
  };
  const m = c.membership;
  return html`<${Facts}
      label="Kerberos client"
      items=${[
        ["Realm", m?.realm ?? "not joined"],
        ["Host name", m?.host],
        ["Enable AES and RC4", yesNo(c.aesRc4)],
        [
          "Disable local authentication",
          c.disableLocal && !c.loginWorked
            ? "yes, once a Kerberos login worked here (§4.1.8.8)"
            : yesNo(c.disableLocal),
        ],
        ["Kerberos login worked", m === undefined ? undefined : yesNo(c.loginWorked)],
      ]}
    />
    <${SortTable}
      caption=${`Authentication Servers: ${c.servers.length}`}
      columns=${SERVER_COLUMNS}
      rows=${c.servers}
      rowKey=${(s: AuthServer) => s.realm}
    />
    ${
      !canWrite
        ? null
        : m === undefined
          ? html`<${SettingsForm}
              title="Join Kerberos realm"
              specs=${JOIN}
              initial=${{ joinRealm: c.servers[0]?.realm ?? "", joinHost: "", joinUser: "", joinPassword: "", joinForce: false }}
              onSubmit=${join}
              submitLabel="Join"
            />`
          : html`<${SettingsForm}
              title="Leave Kerberos realm"
              specs=${LEAVE}
              initial=${{ leaveHow: "deregister", leaveUser: "", leavePassword: "" }}
              onSubmit=${leave}
              submitLabel="Leave"
            />`
    }`;
}

const hasSecondary = (row: Values) => String(row["secondaryAddress"] ?? "").trim() !== "";
const domainGroup = (row: Values) => row["authorization"] === "domain-group";
const rid = wholeNumber(1, 0xffff_ffff, true);

/**
 * §4.1.8.3 steps 6-9 Authentication Servers, one row per realm (src/kerberos/settings.ts MAX_AUTH_SERVERS), with the
 * §4.1.8.9 Authorization of a trusted realm's users.
 */
const SERVERS: RowList = {
  key: "servers",
  server: "kerberos.client.servers",
  label: "Authentication Server",
  max: 8,
  fields: [
    {
      field: "realm",
      label: "Realm/Domain",
      kind: "text",
      check: realmCheck,
      hint: "The realm of the Kerberos server, or of a trusted Active Directory (§4.1.8.9).",
    },
    { field: "address", label: "Address", kind: "text", check: ipv4(), hint: "On the server itself: 127.0.0.1." },
    { field: "port", label: "Port", kind: "number", check: port(), initial: "88" },
    { field: "adminPort", label: "Admin Port", kind: "number", check: port(), initial: "749" },
    { field: "secondaryAddress", label: "Secondary Address", kind: "text", check: ipv4(true) },
    {
      field: "secondaryPort",
      label: "Secondary Port",
      kind: "number",
      check: port(),
      initial: "88",
      shown: hasSecondary,
    },
    {
      field: "secondaryAdminPort",
      label: "Secondary Admin Port",
      kind: "number",
      check: port(),
      initial: "749",
      shown: hasSecondary,
    },
    { field: "authorization", label: "Authorization", kind: "select", options: AUTHORIZATIONS },
    {
      field: "adminGroupRid",
      label: "Admin Group RID",
      kind: "number",
      check: (v, row) =>
        rid(v) ?? (v === "" && row["auditorGroupRid"] === "" ? "give this or the Auditor Group RID" : undefined),
      shown: domainGroup,
    },
    { field: "auditorGroupRid", label: "Auditor Group RID", kind: "number", check: rid, shown: domainGroup },
  ],
};

const CLIENT_FLAGS: readonly FieldSpec[] = [
  {
    key: "aesRc4",
    label: "Enable AES and RC4",
    kind: "checkbox",
    hint: "Additional Kerberos encryption types, which Active Directory speaks (§4.1.8.3 step 5).",
  },
  {
    key: "disableLocal",
    label: "Disable local authentication",
    kind: "checkbox",
    hint: "Only realm accounts log in, once a Kerberos login worked here (§4.1.8.8).",
  },
];

/** A row of the form as the device's AuthServer; a hidden field (no secondary, no domain group) is absent. */
function authServer(r: Values): AuthServer {
  return compact({
    realm: String(r["realm"]),
    address: String(r["address"]),
    port: Number(r["port"]),
    adminPort: Number(r["adminPort"]),
    secondaryAddress: optText(r["secondaryAddress"]),
    secondaryPort: optNumber(r["secondaryPort"]),
    secondaryAdminPort: optNumber(r["secondaryAdminPort"]),
    authorization: optText(r["authorization"]),
    adminGroupRid: optNumber(r["adminGroupRid"]),
    auditorGroupRid: optNumber(r["auditorGroupRid"]),
  });
}

/**
 * The client's settings (§4.1.8.3, §4.1.8.8, §4.1.8.9 "On the device (the client)") for a System Administrator,
 * waiting for a reset. No Authentication Server and neither box ticked: the device is no Kerberos client.
 */
export function ClientSettings({
  section,
  refresh,
}: {
  readonly section: KerberosSection;
  /** Called after a change; absent: shown read-only (an Auditor, §3.4.3). */
  readonly refresh?: () => void;
}): View {
  const c = section.client;
  const rows = rowCount(SERVERS, c?.servers.length ?? 0);
  const initial: Values = {
    aesRc4: c?.aesRc4 ?? false,
    disableLocal: c?.disableLocal ?? false,
    ...rowValues(SERVERS, c?.servers ?? [], rows),
  };
  const submit = async (v: Values) => {
    const servers = filledRows(SERVERS, v, rows);
    const on = servers.rows.length > 0 || v["aesRc4"] === true || v["disableLocal"] === true;
    const client = on
      ? {
          servers: servers.rows.map(authServer),
          aesRc4: v["aesRc4"] === true,
          disableLocal: v["disableLocal"] === true,
        }
      : undefined;
    await changeParts("kerberos", { client }).catch((e: unknown) => {
      throw renumbered(SERVERS, servers.at, e);
    });
    refresh?.();
    return PENDING_TEXT;
  };
  return html`<${SettingsForm}
    title="Kerberos client settings"
    specs=${[...CLIENT_FLAGS, ...rowSpecs(SERVERS, rows)]}
    initial=${initial}
    onSubmit=${refresh === undefined ? undefined : submit}
  />`;
}
