import { call } from "../../api.js";
import { all, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { changeSettings, effective, loadSettings, PENDING_TEXT } from "../../settings.js";

/** §4.6.34: the System ID decides how many radios one PARI Master holds. */
const PARI: readonly FieldSpec[] = [
  {
    key: "systemId",
    label: "System ID",
    kind: "number",
    check: all(required, wholeNumber(1, 296)),
    hint: "1–36: 1023 IPBS; 37–292: 127; 293–296: 2047 (IPVM: 3968) (§4.6.34).",
    server: "pari.systemId",
  },
];

/** DECT → PARI (§4.6.34 Assign PARI) of a PARI Master; pending until reset. */
export function PariPage({ status, canWrite, refresh }: PageProps): View {
  const settings = useLoad(() => (canWrite ? loadSettings() : Promise.resolve(undefined)));
  if (canWrite && settings.data === undefined) return html`<p role="status">Loading…</p>`;
  const pari = settings.data === undefined ? undefined : effective(settings.data).pari;
  const submit = async (v: Values) => {
    await changeSettings({ pari: { ...pari, systemId: Number(v["systemId"]) } });
    refresh();
    return PENDING_TEXT;
  };
  return html`<dl class="facts">
      <dt>PARI</dt>
      <dd>${status.pari?.pari ?? "none yet"}</dd>
    </dl>
    <${SettingsForm}
      title="PARI"
      specs=${PARI}
      initial=${{ systemId: String(pari?.systemId ?? status.pari?.systemId ?? "") }}
      onSubmit=${canWrite ? submit : undefined}
    />`;
}

/** §4.6.35: "Up to 10 SARIs can be added in the PARI Master": the SARI and 9 guest SARIs. */
const SARI = /^[AB](-[0-9A-F]+)+$/i;
const SARIS: readonly FieldSpec[] = Array.from({ length: 10 }, (_, i) => ({
  key: `sari${i}`,
  label: i === 0 ? "SARI" : `Guest SARI ${i}`,
  kind: "text" as const,
  check: (v: string) => (v === "" || SARI.test(v) ? undefined : `must be a SARI such as B-0A5E-00-1, got "${v}"`),
}));

/** DECT → SARI (§4.6.35): in force at once, every radio broadcasts the SARIs again. */
export function SariPage({ status, canWrite, refresh }: PageProps): View {
  const saris = status.pari?.saris ?? [];
  const submit = async (v: Values) => {
    const list = SARIS.map((s) => String(v[s.key] ?? "").trim()).filter((s) => s !== "");
    await call("PUT", "/api/pari/sari", { json: { saris: list } });
    refresh();
    return "Saved: every radio broadcasts the SARIs now (§4.6.35).";
  };
  const initial = Object.fromEntries(SARIS.map((s, i) => [s.key, saris[i] ?? ""]));
  return html`<${SettingsForm}
    title="SARI"
    specs=${SARIS}
    initial=${initial}
    onSubmit=${canWrite ? submit : undefined}
  />`;
}
