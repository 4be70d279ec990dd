import { html, type View } from "../../html.js";
import type { PageProps } from "../../page.js";
import { UserAdmins } from "./UserAdmins.js";
import { UsersSection } from "./Users.js";

/** Users → Users for a System Administrator: the User Administrators (§3.4.5.4) and the users (§4.10). */
export function UsersPage({ canWrite }: PageProps): View {
  return html`<${UserAdmins} canManage=${canWrite} /><${UsersSection} />`;
}
