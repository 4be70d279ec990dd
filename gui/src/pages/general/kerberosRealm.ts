import { call, get } from "../../api.js";
import { sameAs } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { useOutcome, useSelection } from "../../components/selection.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import { nameCheck, passwordCheck, realmCheck, ROLES } from "./kerberosTypes.js";

/** A user of the realm (§4.1.8.1 step 7): never a password. */
interface RealmUser {
  readonly name: string;
  readonly role: string;
}

const roleName = (role: string): string => ROLES.find(([r]) => r === role)?.[1] ?? role;

const USER_COLUMNS: readonly Column<RealmUser>[] = [
  { key: "name", label: "Name", value: (u) => u.name },
  { key: "role", label: "Role", value: (u) => roleName(u.role) },
];

/** §4.1.8.1 step 7: Name, Password, Retype Password, Role. */
const NEW_USER: readonly FieldSpec[] = [
  { key: "newName", label: "Name", kind: "text", check: nameCheck, server: "name" },
  { key: "newPassword", label: "Password", kind: "password", check: passwordCheck(), server: "password" },
  { key: "newConfirm", label: "Retype Password", kind: "password", check: sameAs("newPassword", "Password") },
  { key: "newRole", label: "Role", kind: "select", options: ROLES, server: "role" },
];

const changeSpecs = (users: readonly RealmUser[]): FieldSpec[] => [
  { key: "changeName", label: "User", kind: "select", options: users.map((u) => [u.name, u.name]) },
  {
    key: "changePassword",
    label: "New Password",
    kind: "password",
    check: passwordCheck(true),
    hint: "Empty: unchanged.",
    server: "password",
  },
  {
    key: "changeConfirm",
    label: "Retype New Password",
    kind: "password",
    check: sameAs("changePassword", "New Password"),
  },
  { key: "changeRole", label: "New Role", kind: "select", options: [["", "unchanged"], ...ROLES], server: "role" },
];

/** The rows ticked in a list removed one by one (§4.1.8.12: the Delete check box, then OK). */
function useDelete(
  path: string,
  reload: () => void,
): ReturnType<typeof useSelection> & { run: () => void; outcome: string | undefined } {
  const sel = useSelection();
  const [outcome, run] = useOutcome();
  const remove = () =>
    run(async () => {
      const names = [...sel.selected];
      for (const n of names) await call("DELETE", `${path}/${encodeURIComponent(n)}`);
      sel.clear();
      reload();
      return `Deleted: ${names.join(", ")}.`;
    });
  return { ...sel, run: remove, outcome };
}

function DeleteButton({ del, what }: { readonly del: ReturnType<typeof useDelete>; readonly what: string }): View {
  return html`<div class="actions">
      <button type="button" class="secondary" disabled=${del.selected.size === 0} onClick=${del.run}>
        Delete ${what}
      </button>
    </div>
    ${del.outcome === undefined ? null : html`<p role="status">${del.outcome}</p>`}`;
}

/**
 * The Users of the realm (§4.1.8.1 step 7, §4.1.8.12): the list with Delete check boxes; a new user, and a new password
 * or role for one, in force at once (they are the KDC's database, not settings).
 */
export function RealmUsers({ canWrite }: { readonly canWrite: boolean }): View {
  const users = useLoad(() => get<RealmUser[]>("/api/kerberos/users"));
  const del = useDelete("/api/kerberos/users", users.reload);
  const wait = waiting(users);
  if (wait !== undefined) return wait;
  const list = users.data!;
  const add = async (v: Values) => {
    await call("POST", "/api/kerberos/users", {
      json: { name: v["newName"], password: v["newPassword"], role: v["newRole"] },
    });
    users.reload();
    return `Added: ${String(v["newName"])}.`;
  };
  const change = async (v: Values) => {
    const password = String(v["changePassword"]);
    const role = String(v["changeRole"]);
    await call("PATCH", `/api/kerberos/users/${encodeURIComponent(String(v["changeName"]))}`, {
      json: { ...(password === "" ? {} : { password }), ...(role === "" ? {} : { role }) },
    });
    users.reload();
    return `Changed: ${String(v["changeName"])}.`;
  };
  return html`<h3>Users</h3>
    <${SortTable}
      caption=${`Users of the realm: ${list.length}`}
      columns=${USER_COLUMNS}
      rows=${list}
      rowKey=${(u: RealmUser) => u.name}
      selection=${canWrite ? del : undefined}
    />
    ${
      canWrite
        ? html`<${DeleteButton} del=${del} what="users" />
            <${SettingsForm}
              title="New user"
              specs=${NEW_USER}
              initial=${{ newName: "", newPassword: "", newConfirm: "", newRole: "administrator" }}
              onSubmit=${add}
              submitLabel="Add"
            />
            ${
              list.length === 0
                ? null
                : html`<${SettingsForm}
                    key=${list.map((u) => u.name).join(" ")}
                    title="Change user"
                    specs=${changeSpecs(list)}
                    initial=${{ changeName: list[0]!.name, changePassword: "", changeConfirm: "", changeRole: "" }}
                    onSubmit=${change}
                    submitLabel="Change"
                  />`
            }`
        : null
    }`;
}

/** §4.1.8.9 "On the device (the Kerberos server)" steps 2-3: the AD realm's Name and the shared Password. */
const NEW_TRUST: readonly FieldSpec[] = [
  { key: "trustRealm", label: "Name", kind: "text", check: realmCheck, server: "realm" },
  { key: "trustPassword", label: "Password", kind: "password", check: passwordCheck(), server: "password" },
  { key: "trustConfirm", label: "Retype Password", kind: "password", check: sameAs("trustPassword", "Password") },
];

const NAME_COLUMN = (label: string): Column<string> => ({ key: "name", label, value: (n) => n });

/**
 * Trusted realms (§4.1.8.9, §4.1.8.12), in force at once. Their Authorization and group RIDs are the client's
 * (Authentication Servers below): the client decides at login.
 */
export function TrustedRealms({ canWrite }: { readonly canWrite: boolean }): View {
  const trusts = useLoad(() => get<string[]>("/api/kerberos/trusts"));
  const del = useDelete("/api/kerberos/trusts", trusts.reload);
  const wait = waiting(trusts);
  if (wait !== undefined) return wait;
  const add = async (v: Values) => {
    await call("POST", "/api/kerberos/trusts", { json: { realm: v["trustRealm"], password: v["trustPassword"] } });
    trusts.reload();
    return `Trusted: ${String(v["trustRealm"])}.`;
  };
  return html`<h3>Trusted Realms</h3>
    <${SortTable}
      caption=${`Trusted realms: ${trusts.data!.length}`}
      columns=${[NAME_COLUMN("Name")]}
      rows=${trusts.data!}
      rowKey=${(n: string) => n}
      selection=${canWrite ? del : undefined}
    />
    ${
      canWrite
        ? html`<${DeleteButton} del=${del} what="realms" />
            <${SettingsForm}
              title="New trusted realm"
              specs=${NEW_TRUST}
              initial=${{ trustRealm: "", trustPassword: "", trustConfirm: "" }}
              onSubmit=${add}
              submitLabel="Add"
            />`
        : null
    }`;
}

/** The joined clients (§4.1.8.5 "see all joined Kerberos clients in the bottom of the Kerberos Server tab"). */
export function JoinedClients(): View {
  const clients = useLoad(() => get<string[]>("/api/kerberos/clients"));
  const wait = waiting(clients);
  if (wait !== undefined) return wait;
  return html`<h3>Joined Clients</h3>
    <${SortTable}
      caption=${`Joined clients: ${clients.data!.length}`}
      columns=${[NAME_COLUMN("Host")]}
      rows=${clients.data!}
      rowKey=${(n: string) => n}
    />`;
}
