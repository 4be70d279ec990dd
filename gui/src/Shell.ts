import { useEffect } from "preact/hooks";
import { get } from "./api.js";
import { html, type View } from "./html.js";
import { useLoad } from "./load.js";
import { MENU, visibleMenu } from "./menu.js";
import type { MenuItem } from "./page.js";
import { Wizard, wizardSkipped } from "./pages/wizard/Wizard.js";
import { currentRoute, navigate, useRoute } from "./router.js";
import { LEVEL_NAMES, type Who } from "./session.js";
import { isFresh, type Status } from "./status.js";

/** How often the header's status (pending reset, alarms) is read again. */
const STATUS_EVERY_MS = 10_000;

interface Props {
  readonly who: Who;
  readonly onLogout: () => void;
}

/** The header: the device, who is logged in, and Logout in the upper-right corner (§3.4.6). */
function Header({ who, status, onLogout }: Props & { readonly status: Status | undefined }): View {
  return html`<header class="top">
    <div class="device">
      <strong>${status?.name ?? "…"}</strong>
      ${status === undefined ? null : html`<span>${status.kind} · ${status.ip} · ${status.mac}</span>`}
    </div>
    ${
      status?.pendingReset === true
        ? html`<a class="pending" href="#/reset">Changes wait for a reset (§4.24)</a>`
        : null
    }
    ${
      status !== undefined && status.alarms.length > 0
        ? html`<a class="alarms" href="#/diagnostics/alarms">${status.alarms.length} active alarm(s)</a>`
        : null
    }
    <div class="who">
      <span>${who.user} (${LEVEL_NAMES[who.level]})</span>
      <button type="button" onClick=${onLogout}>Logout</button>
    </div>
  </header>`;
}

/** The chapter-4 menus as a navigation list; the page shown is marked for screen readers. */
function Nav({ groups, route }: { readonly groups: typeof MENU; readonly route: string }): View {
  return html`<nav aria-label="Menu">
    ${groups.map(
      (g) =>
        html`<section>
          <h2>${g.label}</h2>
          <ul>
            ${g.items.map(
              (i) =>
                html`<li>
                  <a href=${`#${i.route}`} aria-current=${i.route === route ? "page" : undefined}>${i.label}</a>
                </li>`,
            )}
          </ul>
        </section>`,
    )}
  </nav>`;
}

/** The pages of Auditors and System Administrators (§3.4.3, §3.4.5): header, menus and the page chosen. */
export function Shell({ who, onLogout }: Props): View {
  const route = useRoute();
  const status = useLoad(() => get<Status>("/api/status"));
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const s = status.data;
  const canWrite = who.level === "system-admin";
  const wizard = route === "/wizard" && canWrite;
  const groups = s === undefined ? [] : visibleMenu(who.level, s);
  const items = groups.flatMap((g) => g.items);
  const item: MenuItem | undefined = items.find((i) => i.route === route);
  useEffect(() => {
    if (s === undefined || wizard || item !== undefined) return;
    // The address bar moved on since this render (a link, a bookmark, the back button): that route is shown next.
    if (currentRoute() !== route) return;
    // §3.3: a fresh device starts the wizard when a System Administrator opens the GUI; else the first page.
    if (canWrite && isFresh(s) && !wizardSkipped()) navigate("/wizard");
    else if (items[0] !== undefined) navigate(items[0].route);
  }, [s, route, wizard, item, items, canWrite]);
  const title = wizard ? "Configuration Wizard" : (item?.label ?? "");
  useEffect(() => {
    document.title = `${title} - ${s?.name ?? "IP-DECT"}`;
  }, [title, s?.name]);
  return html`<div class="shell">
    <${Header} who=${who} status=${s} onLogout=${onLogout} />
    <${Nav} groups=${groups} route=${route} />
    <main id="page" aria-labelledby="page-title">
      ${status.error === undefined ? null : html`<p class="error" role="alert">${status.error.message}</p>`}
      ${
        s === undefined
          ? html`<p role="status">Loading…</p>`
          : wizard
            ? html`<${Wizard} refresh=${reload} />`
            : item === undefined
              ? null
              : html`<h1 id="page-title">${item.label}</h1>
                  <${item.page} key=${item.route} who=${who} status=${s} canWrite=${canWrite} refresh=${reload} />`
      }
    </main>
  </div>`;
}
