import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { call, get, onLoggedOut } from "./api.js";
import { html, type View } from "./html.js";
import { LoginPage, WelcomePage } from "./pages/Login.js";
import type { LoginInfo, Welcome, Who } from "./session.js";
import { Shell } from "./Shell.js";
import { UserAdminShell } from "./UserAdminShell.js";

type Phase =
  | { readonly kind: "loading" }
  | { readonly kind: "login"; readonly info: LoginInfo; readonly notice?: string }
  | { readonly kind: "welcome"; readonly welcome: Welcome }
  | { readonly kind: "in"; readonly who: Who }
  | { readonly kind: "unreachable"; readonly message: string };

/**
 * The web GUI: the login page (§3.4.1), the welcome screen (§3.4.4.1 step 5), then the pages of the access level
 * (§3.4.2): a User Administrator gets the User Administration page (§3.4.4), the others the chapter-4 menus.
 */
export function App(): View {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  // A reset's notice stays until the next login, whatever other call finds the session gone after it.
  const notice = useRef<string | undefined>(undefined);
  const toLogin = useCallback((why?: string) => {
    notice.current = why ?? notice.current;
    get<LoginInfo>("/api/login").then(
      (info) =>
        setPhase(
          info.session === undefined
            ? { kind: "login", info, notice: notice.current }
            : { kind: "in", who: info.session },
        ),
      (e: unknown) => setPhase({ kind: "unreachable", message: String(e) }),
    );
  }, []);
  useEffect(() => {
    onLoggedOut(toLogin);
    toLogin();
  }, [toLogin]);
  const logout = useCallback(() => {
    // §3.4.6: the session ends on the device; the login page shows whatever it answers.
    call("POST", "/api/logout")
      .catch(() => undefined)
      .finally(() => toLogin());
  }, [toLogin]);
  switch (phase.kind) {
    case "loading":
      return html`<p class="loading" role="status">Loading…</p>`;
    case "unreachable":
      return html`<p class="error" role="alert">The device does not answer: ${phase.message}</p>`;
    case "login":
      return html`<${LoginPage}
        info=${phase.info}
        notice=${phase.notice}
        onLogin=${(w: Welcome) => {
          notice.current = undefined;
          setPhase({ kind: "welcome", welcome: w });
        }}
      />`;
    case "welcome":
      return html`<${WelcomePage}
        welcome=${phase.welcome}
        onOk=${() => setPhase({ kind: "in", who: { user: phase.welcome.user, level: phase.welcome.level } })}
      />`;
    case "in":
      return phase.who.level === "user-admin"
        ? html`<${UserAdminShell} who=${phase.who} onLogout=${logout} />`
        : html`<${Shell} who=${phase.who} onLogout=${logout} />`;
  }
}
