import { call } from "../../api.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";

/**
 * §4.6.6 Frequency and §4.6.7 Enabled Carriers of DECT → System, as src/role/bands.ts has them (the GUI is built on its
 * own, so the four bands are repeated here): carrier numbers after EN 300 175-2, so Brazil's 18–21 are South American.
 */
const BANDS: readonly (readonly [string, string, readonly number[]])[] = [
  [
    "europe",
    "1880–1900 MHz (Europe, Africa, Middle East, Australia, New Zealand and parts of Asia)",
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  ],
  ["thailand", "1900–1906 MHz (Thailand)", [11, 12, 13, 14]],
  ["south-america", "1910–1930 MHz (South America)", [18, 19, 20, 21, 22, 23, 24, 25, 26, 27]],
  ["north-america", "1920–1930 MHz (North America)", [23, 24, 25, 26, 27]],
];

const carriersOf = (band: unknown): readonly number[] => BANDS.find(([b]) => b === band)?.[2] ?? [];
const ALL_CARRIERS = [...new Set(BANDS.flatMap(([, , c]) => c))].sort((a, b) => a - b);

/** One check box per carrier, shown while the band selected has it; the band needs one of its boxes checked. */
const SPECS: readonly FieldSpec[] = [
  {
    key: "band",
    label: "Frequency",
    kind: "select",
    options: BANDS.map(([b, label]) => [b, label] as const),
    hint: "All calls will be disconnected and all handsets will temporarily lose contact with the system (§4.6.6).",
    check: (band, v) =>
      carriersOf(band).some((c) => v[`c${c}`] === true) ? undefined : "at least one carrier must be enabled (§4.6.7)",
  },
  ...ALL_CARRIERS.map((c): FieldSpec => ({
    key: `c${c}`,
    label: `Carrier ${c}`,
    kind: "checkbox",
    shown: (v) => carriersOf(v["band"]).includes(c),
  })),
];

export interface FrequencySettings {
  readonly band?: string;
  readonly carriers?: readonly number[];
}

/**
 * The Frequency drop-down and the Enabled Carriers check boxes (§4.6.6, §4.6.7), in force at once: the PARI Master
 * pushes them to every radio, which resynchronises (§4.11.5).
 */
export function FrequencyForm({ pari, onSaved }: { pari: FrequencySettings; onSaved: () => void }): View {
  const band = pari.band ?? "europe";
  const enabled = pari.carriers ?? carriersOf(band);
  // A carrier of another band starts checked: a band newly selected shows all its carriers enabled (§4.6.7).
  const own = carriersOf(band);
  const initial: Values = {
    band,
    ...Object.fromEntries(ALL_CARRIERS.map((c) => [`c${c}`, own.includes(c) ? enabled.includes(c) : true])),
  };
  const submit = async (v: Values) => {
    const next = String(v["band"]);
    const own = carriersOf(next);
    // A carrier of both bands (23–27) keeps its box across a change of band.
    const chosen = own.filter((c) => v[`c${c}`] === true);
    await call("PUT", "/api/sync/carriers", {
      json: { band: next, carriers: chosen.length === own.length ? "all" : chosen.join(",") },
    });
    onSaved();
    return "Saved: in force now; every radio resynchronises (§4.11.5).";
  };
  return html`<h2>Frequency and Carriers</h2>
    <p class="note">
      Under all normal circumstances all carriers should be enabled. For Brazil, the following carriers shall be
      selected only: 18, 19, 20 and 21 (§4.6.7).
    </p>
    <${SettingsForm} title="Frequency" specs=${SPECS} initial=${initial} onSubmit=${submit} />`;
}
