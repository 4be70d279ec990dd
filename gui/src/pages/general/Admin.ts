import { call, get } from "../../api.js";
import { chars, PASSWORD_CHARS, PASSWORD_CHARS_TEXT, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { dateText } from "../../session.js";
import { changeSettings, compact, optNumber, optText, PENDING_TEXT, textOf } from "../../settings.js";

interface AdminAnswer {
  readonly user: string;
  readonly factoryPassword: boolean;
  readonly settings: {
    readonly loginBanner?: string;
    readonly autoLogoutMinutes?: number;
    readonly sessionLimitUser?: number;
    readonly sessionLimitSystem?: number;
    readonly disableNativeAuth: boolean;
    readonly requireCertificate: boolean;
  };
}

interface SessionRow {
  readonly user: string;
  readonly level: string;
  readonly account: string;
  readonly source: string;
  readonly started: string;
  readonly lastUsed: string;
}

/** §3.4.5.2: the name is 1–32 printable characters without space, `:`, `\` or `@`. */
const USER_NAME = /^[!-9;-?A-[\]-~]+$/;

const ACCOUNT: readonly FieldSpec[] = [
  {
    key: "user",
    label: "User Name",
    kind: "text",
    check: chars(32, USER_NAME, "printable characters without space, : \\ or @"),
  },
  { key: "oldPassword", label: "Old Password", kind: "password", check: required },
  {
    key: "password",
    label: "Password",
    kind: "password",
    check: chars(15, PASSWORD_CHARS, PASSWORD_CHARS_TEXT),
    hint: `Allowed characters: ${PASSWORD_CHARS_TEXT}; at most 15 (§3.4.5.2).`,
  },
  {
    key: "confirm",
    label: "Confirm Password",
    kind: "password",
    check: (v, a) => (v === a["password"] ? undefined : "does not match Password"),
  },
];

const POLICY: readonly FieldSpec[] = [
  {
    key: "loginBanner",
    label: "Login Text",
    kind: "text",
    server: "admin.loginBanner",
    check: (v) => (v.length > 256 ? `has ${v.length} characters; the maximum is 256` : undefined),
    hint: "Shown on the login page (§4.1.3).",
  },
  {
    key: "autoLogoutMinutes",
    label: "Automatic Logout (min)",
    kind: "number",
    server: "admin.autoLogoutMinutes",
    check: wholeNumber(1, 1440, true),
    hint: "Empty: never (§4.1.4).",
  },
  {
    key: "sessionLimitUser",
    label: "Sessions per User",
    kind: "number",
    server: "admin.sessionLimitUser",
    check: wholeNumber(1, 1000, true),
  },
  {
    key: "sessionLimitSystem",
    label: "Sessions per System",
    kind: "number",
    server: "admin.sessionLimitSystem",
    check: wholeNumber(1, 1000, true),
    hint: "Empty: no limit (§4.1.5).",
  },
  { key: "disableNativeAuth", label: "Disable Native Authentication", kind: "checkbox", hint: "§4.1.6" },
  { key: "requireCertificate", label: "Require User Certificate", kind: "checkbox", hint: "§4.1.7" },
];

/**
 * General → Admin (§3.4.5.2, §4.1.1–§4.1.7): the default System Administrator account, whose name and password change
 * together with the old password, the local security policy, and the open sessions.
 */
export function AdminPage({ status, canWrite }: PageProps): View {
  const admin = useLoad(() => get<AdminAnswer>("/api/admin"));
  const sessions = useLoad(() => (canWrite ? get<SessionRow[]>("/api/admin/sessions") : Promise.resolve([])));
  const a = admin.data;
  if (a === undefined) return html`<p role="status">Loading…</p>`;
  const changeAccount = async (v: Values) => {
    await call("PUT", "/api/admin/account", {
      json: { user: v["user"], oldPassword: v["oldPassword"], password: v["password"] },
    });
    admin.reload();
    return `Saved: the System Administrator is now ${String(v["user"])}.`;
  };
  const changePolicy = async (v: Values) => {
    const admin = compact({
      loginBanner: optText(v["loginBanner"]),
      autoLogoutMinutes: optNumber(v["autoLogoutMinutes"]),
      sessionLimitUser: optNumber(v["sessionLimitUser"]),
      sessionLimitSystem: optNumber(v["sessionLimitSystem"]),
      disableNativeAuth: v["disableNativeAuth"] === true,
      requireCertificate: v["requireCertificate"] === true,
    });
    await changeSettings({ admin });
    return PENDING_TEXT;
  };
  const policy: Values = {
    loginBanner: textOf(a.settings.loginBanner),
    autoLogoutMinutes: textOf(a.settings.autoLogoutMinutes),
    sessionLimitUser: textOf(a.settings.sessionLimitUser),
    sessionLimitSystem: textOf(a.settings.sessionLimitSystem),
    disableNativeAuth: a.settings.disableNativeAuth,
    requireCertificate: a.settings.requireCertificate,
  };
  return html`<dl class="facts">
      <dt>Device Name</dt>
      <dd>${status.name}</dd>
    </dl>
    ${
      a.factoryPassword
        ? html`<p class="warning" role="note">
            The System Administrator still has the factory password: change it (§3.2.2).
          </p>`
        : null
    }
    <h2>Administrator account</h2>
    <p class="note">User name and password are changed together, giving the old password (§3.4.5.2).</p>
    <${SettingsForm}
      title="Administrator account"
      specs=${ACCOUNT}
      initial=${{ user: a.user, oldPassword: "", password: "", confirm: "" }}
      onSubmit=${canWrite ? changeAccount : undefined}
    />
    <h2>Local security policy</h2>
    <${SettingsForm}
      title="Local security policy"
      specs=${POLICY}
      initial=${policy}
      onSubmit=${canWrite ? changePolicy : undefined}
    />
    ${
      canWrite && sessions.data !== undefined
        ? html`<h2>Sessions</h2>
            <table>
              <caption>
                Open login sessions (§4.1.4, §4.1.5)
              </caption>
              <thead>
                <tr>
                  ${["User", "Level", "Account", "From", "Since", "Last used"].map(
                    (h) => html`<th scope="col">${h}</th>`,
                  )}
                </tr>
              </thead>
              <tbody>
                ${sessions.data.map(
                  (s) =>
                    html`<tr>
                      <td>${s.user}</td>
                      <td>${s.level}</td>
                      <td>${s.account}</td>
                      <td>${s.source}</td>
                      <td>${dateText(s.started)}</td>
                      <td>${dateText(s.lastUsed)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : null
    }`;
}
