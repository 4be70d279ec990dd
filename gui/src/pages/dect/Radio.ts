import { all, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { pariMasterFields } from "./radioFields.js";
import { changeSettings, compact, effective, loadSettings, optText, PENDING_TEXT } from "../../settings.js";

const SPECS: readonly FieldSpec[] = [
  {
    key: "disable",
    label: "Disable",
    kind: "checkbox",
    hint: "Not used as a radio, e.g. only a PARI Master (§4.6.31).",
  },
  ...pariMasterFields("Empty: plug and play (§3.11). The PARI Master itself enters its own address (§4.6.32)."),
  {
    key: "syncMode",
    label: "Sync Mode",
    kind: "select",
    options: [
      ["slave", "Slave"],
      ["master", "Master"],
      ["restricted", "Restricted"],
    ],
    hint: "§4.6.36",
    server: "radio.syncMode",
  },
  {
    key: "region",
    label: "Sync Region",
    kind: "number",
    check: all(required, wholeNumber(0, 249)),
    server: "radio.region",
  },
];

/** DECT → Radio (§4.6.31, §4.6.32, §4.6.36) of an IPBS or IPBL; pending until reset; read-only for Auditors (§3.4.3). */
export function RadioPage({ canWrite, refresh }: PageProps): View {
  const settings = useLoad(loadSettings);
  if (settings.error !== undefined) return html`<p class="error" role="alert">${settings.error.message}</p>`;
  if (settings.data === undefined) return html`<p role="status">Loading…</p>`;
  const s = effective(settings.data);
  const r = s.radio;
  const initial: Values = {
    disable: r !== undefined && !r.enabled,
    pariMaster: r?.pariMaster ?? "",
    altPariMaster: r?.altPariMaster ?? "",
    syncMode: r?.syncMode ?? "slave",
    region: String(r?.region ?? 0),
  };
  const submit = async (v: Values) => {
    const radio = compact({
      ...r,
      enabled: v["disable"] !== true,
      pariMaster: optText(v["pariMaster"]),
      altPariMaster: optText(v["altPariMaster"]),
      syncMode: v["syncMode"],
      region: Number(v["region"]),
    });
    await changeSettings({ radio });
    refresh();
    return PENDING_TEXT;
  };
  return html`<${SettingsForm}
    title="Radio"
    specs=${SPECS}
    initial=${initial}
    onSubmit=${canWrite ? submit : undefined}
  />`;
}
