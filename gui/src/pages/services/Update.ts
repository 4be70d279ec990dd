import { wholeNumber } from "../../checks.js";
import { Facts } from "../../components/facts.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { changeSettings, effective, loadSettings, optText, pendingNote, PENDING_TEXT } from "../../settings.js";
import { FirmwareBanks } from "../update/Firmware.js";

/** App. A.1.3 default interval, and App. I.3 option 216's 16 bits. */
const DEFAULT_POLL = 15;
const MAX_POLL = 65_535;

const SPECS: readonly FieldSpec[] = [
  {
    key: "url",
    label: "URL",
    kind: "text",
    check: (v) =>
      v.trim() === "" || /^(https?|tftp):\/\//i.test(v.trim())
        ? undefined
        : "must start with http://, https:// or tftp://",
    hint: "The command file, or a folder ending in / (App. A.1.3); the server by its IP address (App. A.1.2). Empty: no polling.",
  },
  { key: "pollMinutes", label: "Interval (min)", kind: "number", check: wholeNumber(1, MAX_POLL) },
];

/**
 * Services → Update (§4.9.1): the URL of the update server's command file and the poll interval, pending until reset
 * like every setting; then the Current Update Serials ("the values of the variables set after the last execution of
 * the associated command") and the firmware banks.
 */
export function UpdateServicePage({ status, canWrite, refresh }: PageProps): View {
  const settings = useLoad(loadSettings);
  if (settings.error !== undefined) return html`<p class="error" role="alert">${settings.error.message}</p>`;
  if (settings.data === undefined) return html`<p role="status">Loading…</p>`;
  const update = effective(settings.data).update;
  const submit = async (v: Values) => {
    // The URL as read has its password masked: sent back unchanged, the mask keeps the stored one.
    const url = optText(v["url"]);
    await changeSettings({
      update: {
        ...(url === undefined ? {} : { url }),
        pollMinutes: Number(v["pollMinutes"]),
        noDhcp: update?.noDhcp ?? false,
      },
    });
    settings.reload();
    refresh();
    return PENDING_TEXT;
  };
  const serials = Object.entries(status.update?.serials ?? {});
  return html`${pendingNote(settings.data.pending !== null)}
    ${
      status.provisioning === undefined
        ? null
        : html`<p class="note">
            This device is provisioned in the second dialect (Services → Provisioning): the update server is not polled.
          </p>`
    }
    <${SettingsForm}
      title="Update"
      specs=${SPECS}
      initial=${{ url: update?.url ?? "", pollMinutes: String(update?.pollMinutes ?? DEFAULT_POLL) }}
      onSubmit=${canWrite ? submit : undefined}
    />
    <h2>Current Update Serials</h2>
    ${
      serials.length === 0
        ? html`<p>None: no command of the update server has run on this device.</p>`
        : html`<${Facts} label="Current Update Serials" items=${serials.map(([k, v]) => [k.toUpperCase(), v])} />`
    }
    <h2>Firmware banks</h2>
    <${FirmwareBanks} />`;
}
