import { useState } from "preact/hooks";
import { call, get } from "../../api.js";
import { all, chars, required } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";

interface UserAdmin {
  readonly longName: string;
  readonly name: string;
}

const PRINTABLE = /^[\x21-\x7e]+$/;

/** §3.4.5.4 Create a User Administrator: Long Name, Name (used for login), Password of at most 23 characters. */
const NEW: readonly FieldSpec[] = [
  { key: "longName", label: "Long Name", kind: "text", check: all(required, chars(64, /^[^\n\r]+$/, "one line")) },
  { key: "name", label: "Name", kind: "text", check: chars(64, PRINTABLE, "printable characters without spaces") },
  { key: "password", label: "Password", kind: "password", check: chars(23, PRINTABLE, "printable characters") },
  {
    key: "confirm",
    label: "Confirm Password",
    kind: "password",
    check: (v, a) => (v === a["password"] ? undefined : "does not match Password"),
  },
];

/**
 * The User Administrators in alphabetical order (§3.4.5.4 "View"): a System Administrator adds and deletes them, a User
 * Administrator may only view them (§3.4.4).
 */
export function UserAdmins({ canManage }: { readonly canManage: boolean }): View {
  const admins = useLoad(() => get<UserAdmin[]>("/api/user-admins"));
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const rows = [...(admins.data ?? [])].sort((a, b) => a.longName.localeCompare(b.longName));
  const add = async (v: Values) => {
    await call("POST", "/api/user-admins", {
      json: { longName: v["longName"], name: v["name"], password: v["password"] },
    });
    setAdding(false);
    setMessage(`Added: ${String(v["longName"])}.`);
    admins.reload();
    return "Added.";
  };
  const remove = (a: UserAdmin) => async () => {
    await call("DELETE", `/api/user-admins/${encodeURIComponent(a.name)}`);
    setMessage(`Deleted: ${a.longName}.`);
    admins.reload();
  };
  return html`<section aria-labelledby="user-admins-title">
    <h2 id="user-admins-title">User Administrators</h2>
    ${admins.error === undefined ? null : html`<p class="error" role="alert">${admins.error.message}</p>`}
    <table>
      <caption>
        User Administrators
      </caption>
      <thead>
        <tr>
          <th scope="col">Long Name</th>
          <th scope="col">Name</th>
          ${canManage ? html`<th scope="col"><span class="visually-hidden">Delete</span></th>` : null}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length === 0
            ? html`<tr>
                <td colspan=${canManage ? 3 : 2}>none yet</td>
              </tr>`
            : null
        }
        ${rows.map(
          (a) =>
            html`<tr key=${a.name}>
              <td>${a.longName}</td>
              <td>${a.name}</td>
              ${
                canManage
                  ? html`<td>
                      <button type="button" class="link" aria-label=${`Delete ${a.longName}`} onClick=${remove(a)}>
                        Delete
                      </button>
                    </td>`
                  : null
              }
            </tr>`,
        )}
      </tbody>
    </table>
    ${message === undefined ? null : html`<p class="done" role="status">${message}</p>`}
    ${
      canManage && !adding
        ? html`<button type="button" class="secondary" onClick=${() => setAdding(true)}>New User Administrator</button>`
        : null
    }
    ${
      adding
        ? html`<${SettingsForm}
            focusFirst=${true}
            title="New User Administrator"
            specs=${NEW}
            initial=${{ longName: "", name: "", password: "", confirm: "" }}
            onSubmit=${add}
          />`
        : null
    }
  </section>`;
}
