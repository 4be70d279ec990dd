import { get } from "../../api.js";
import { html, type View } from "../../html.js";
import { orNone, useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { effective, loadSettings, pendingNote } from "../../settings.js";
import { ClientSettings, ClientState } from "./kerberosClient.js";
import { JoinedClients, RealmUsers, TrustedRealms } from "./kerberosRealm.js";
import { ServerSettings, ServerState } from "./kerberosServer.js";
import { kerberosOf, type ClientStatus, type ServerStatus } from "./kerberosTypes.js";

/**
 * General → Kerberos (§4.1.8): the device as the realm's Kerberos server (§4.1.8.1, §4.1.8.9, §4.1.8.11, §4.1.8.12)
 * and as a client (§4.1.8.3, §4.1.8.4, §4.1.8.8, §4.1.8.13; the manual's General → Admin parts), each with what is in
 * force and its actions above and, for a System Administrator, its settings below, which wait for a reset. An Auditor
 * reads everything but the settings, which come from the configuration.
 */
export function KerberosPage({ canWrite, refresh }: PageProps): View {
  const server = useLoad(() => orNone(get<ServerStatus>("/api/kerberos/server"), "KERBEROS_NO_SERVER"));
  const client = useLoad(() => orNone(get<ClientStatus>("/api/kerberos/client"), "KERBEROS_NO_CLIENT"));
  const settings = useLoad(loadSettings);
  // A change makes the header say a reset is waiting and this page show the pending settings.
  const saved = () => (refresh(), settings.reload());
  const wait = waiting(server, client, settings);
  if (wait !== undefined) return wait;
  const s = server.data!;
  const c = client.data!;
  const section = kerberosOf(effective(settings.data!));
  // An Auditor sees the settings read-only (§3.4.3).
  const saving = canWrite ? saved : undefined;
  const settingsOf = (form: View) =>
    html`<h3>Settings</h3>
      ${pendingNote(settings.data!.pending !== null)} ${form}`;
  return html`<section aria-labelledby="kerberos-server">
      <h2 id="kerberos-server">Kerberos Server</h2>
      ${
        s === null
          ? html`<p class="note">This device is no Kerberos server.</p>`
          : html`<${ServerState} server=${s} canWrite=${canWrite} reload=${server.reload} />
              ${s.state === "no-database" ? null : html`<${RealmUsers} canWrite=${canWrite} />`}
              ${s.state === "no-database" ? null : html`<${TrustedRealms} canWrite=${canWrite} />`}
              ${s.state === "no-database" ? null : html`<${JoinedClients} />`}`
      }
      ${settingsOf(html`<${ServerSettings} section=${section} refresh=${saving} />`)}
    </section>
    <section aria-labelledby="kerberos-client">
      <h2 id="kerberos-client">Delegated Authentication</h2>
      ${
        c === null
          ? html`<p class="note">This device is no Kerberos client.</p>`
          : html`<${ClientState} client=${c} canWrite=${canWrite} reload=${client.reload} />`
      }
      ${settingsOf(html`<${ClientSettings} section=${section} refresh=${saving} />`)}
    </section>`;
}
