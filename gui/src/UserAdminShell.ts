import { useEffect } from "preact/hooks";
import { html, type View } from "./html.js";
import { UserAdmins } from "./pages/users/UserAdmins.js";
import { UsersSection } from "./pages/users/Users.js";
import { LEVEL_NAMES, type Who } from "./session.js";

/** §3.4.4 User Administration page: the User Administrators above (read-only), the users below; nothing else. */
export function UserAdminShell({ who, onLogout }: { readonly who: Who; readonly onLogout: () => void }): View {
  useEffect(() => {
    document.title = "User Administration";
  }, []);
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
      <${UserAdmins} canManage=${false} />
      <${UsersSection} />
    </main>
  </div>`;
}
