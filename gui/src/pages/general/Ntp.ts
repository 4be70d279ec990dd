import { host } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { changeSettings, effective, loadSettings, pendingNote, PENDING_TEXT } from "../../settings.js";

const NTP: readonly FieldSpec[] = [
  {
    key: "timeServer",
    label: "Time Server",
    kind: "text",
    check: host(true),
    hint: "IP address or fully qualified domain name of the NTP server (§4.1.9); empty: none.",
    server: "ntp",
  },
];

/**
 * General → NTP (§4.1.9): the Time Server, pending until reset. An Auditor sees it read-only (§3.4.3). A PARI
 * Master's Radio Config (§4.6.33) overrides a radio's own value.
 */
export function NtpPage({ canWrite, refresh }: PageProps): View {
  const settings = useLoad(loadSettings);
  const wait = waiting(settings);
  if (wait !== undefined) return wait;
  const s = settings.data!;
  const submit = async (v: Values) => {
    const server = String(v["timeServer"]).trim();
    await changeSettings({ ntp: server === "" ? null : server });
    refresh();
    settings.reload();
    return PENDING_TEXT;
  };
  return html`${pendingNote(s.pending !== null)}
    <${SettingsForm}
      title="NTP"
      specs=${NTP}
      initial=${{ timeServer: effective(s).ntp ?? "" }}
      onSubmit=${canWrite ? submit : undefined}
    />
    <p class="note">
      Alt. Time Server, Interval and Time zone (§4.1.9) are not modelled: the device keeps the host's clock.
    </p>`;
}
