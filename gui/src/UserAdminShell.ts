import { get } from "./api.js";
import { html, type View } from "./html.js";
import { useLoad } from "./load.js";
import { LEVEL_NAMES, type Who } from "./session.js";

interface UserAdmin {
  readonly longName: string;
  readonly name: string;
}

/** The User Administrators, read-only: a User Administrator may view but not manage them (§3.4.4). */
export function UserAdminList(): View {
  const { data, error } = useLoad(() => get<UserAdmin[]>("/api/user-admins"));
  if (error !== undefined) return html`<p class="error" role="alert">${error.message}</p>`;
  const rows = [...(data ?? [])].sort((a, b) => a.longName.localeCompare(b.longName));
  return html`<table>
    <caption>
      User Administrators
    </caption>
    <thead>
      <tr>
        <th scope="col">Long Name</th>
        <th scope="col">Name</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (a) =>
          html`<tr>
            <td>${a.longName}</td>
            <td>${a.name}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** §3.4.4 User Administration page: the User Administrators above, the users below; nothing else of the device. */
export function UserAdminShell({ who, onLogout }: { readonly who: Who; readonly onLogout: () => void }): View {
  document.title = "User Administration";
  return html`<div class="shell user-admin">
    <header class="top">
      <div class="device"><strong>User Administration</strong></div>
      <div class="who">
        <span>${who.user} (${LEVEL_NAMES[who.level]})</span>
        <button type="button" onClick=${onLogout}>Logout</button>
      </div>
    </header>
    <main id="page" aria-labelledby="page-title">
      <h1 id="page-title">User Administration</h1>
      <${UserAdminList} />
    </main>
  </div>`;
}
