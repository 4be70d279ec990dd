import { useEffect, useState } from "preact/hooks";
import { ApiError, call } from "../api.js";
import { html, type View } from "../html.js";
import type { LoginInfo, Welcome } from "../session.js";

interface Props {
  readonly info: LoginInfo;
  /** Why the login page shows again (a reset ended the session). */
  readonly notice?: string | undefined;
  readonly onLogin: (w: Welcome) => void;
}

/** What the login page says about a refused login (§3.4.4.1 step 4, §3.4.5.1 step 4, §4.1.5, §4.1.7). */
function refusal(err: ApiError, user: string): string {
  const wait = err.retryAfter === undefined ? "" : ` Logins as ${user} are blocked for ${err.retryAfter} s.`;
  switch (err.code) {
    case "UNAUTHORIZED":
      return `Wrong user name or password.${wait}`;
    case "LOGIN_BLOCKED":
      return `${user} is blocked after a failed login: every failed attempt blocks longer, from 5 s up to 1800 s (§3.4.5.1).${wait}`;
    case "WRONG_LOGIN_LINK":
      return `${user} cannot log in here: choose the other entry of the list (§3.4.2).`;
    default:
      return err.message;
  }
}

/**
 * §3.4.1 Login Page: the banner (§4.1.3), a drop-down list with System Administration and DECT User Administration,
 * user name and password. Each access level logs in by its own entry (§3.4.2).
 */
export function LoginPage({ info, notice, onLogin }: Props): View {
  const [link, setLink] = useState<"system" | "user">("system");
  const [user, setUser] = useState(info.certificateUser ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = "Login";
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (user === "" || password === "") {
      setError(user === "" ? "User Name: must be filled in" : "Password: must be filled in");
      return;
    }
    setBusy(true);
    try {
      onLogin(await call<Welcome>("POST", "/api/login", { json: { user, password, link } }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(refusal(err, user));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="login">
    <h1>IP-DECT</h1>
    ${
      info.banner === undefined
        ? null
        : html`<section class="banner" aria-label="Login text"><p>${info.banner}</p></section>`
    }
    ${notice === undefined ? null : html`<p class="done" role="status">${notice}</p>`}
    <form aria-label="Login" onSubmit=${submit} novalidate>
      <div class="field">
        <label for="login-link">Administration</label>
        <select
          id="login-link"
          value=${link}
          onChange=${(e: Event) => setLink((e.target as HTMLSelectElement).value as "system" | "user")}
        >
          <option value="system">${info.links.system}</option>
          <option value="user">${info.links.user}</option>
        </select>
      </div>
      <div class="field">
        <label for="login-user">User Name</label>
        <input
          id="login-user"
          autocomplete="username"
          value=${user}
          readonly=${info.requireCertificate && info.certificateUser !== undefined}
          onInput=${(e: Event) => setUser((e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autocomplete="current-password"
          value=${password}
          onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)}
        />
      </div>
      ${error === undefined ? null : html`<p class="error" role="alert">${error}</p>`}
      <div class="actions"><button type="submit" disabled=${busy}>Login</button></div>
      ${info.nativeAuth ? null : html`<p class="note">HTTP authentication is disabled (§4.1.6): log in here.</p>`}
    </form>
  </main>`;
}

/** §3.4.4.1 step 5: the welcome screen after a login; OK goes on to the pages. */
export function WelcomePage({ welcome, onOk }: { readonly welcome: Welcome; readonly onOk: () => void }): View {
  return html`<main class="login">
    <h1>Welcome, ${welcome.user}</h1>
    <dl class="facts">
      <dt>Last login</dt>
      <dd>${welcome.lastLogin === undefined ? "never" : new Date(welcome.lastLogin).toLocaleString()}</dd>
      <dt>Failed login attempts since</dt>
      <dd>${welcome.failedLogins}</dd>
    </dl>
    <table>
      <caption>
        Current sessions
      </caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        ${welcome.sessions.map(
          (s) =>
            html`<tr>
              <td>${s.source}</td>
              <td>${new Date(s.started).toLocaleString()}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <div class="actions"><button type="button" onClick=${onOk} autofocus>OK</button></div>
  </main>`;
}
