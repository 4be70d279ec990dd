import { call } from "../../api.js";
import { all, chars, ipv4, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import type { Radio, StaticRadio, Uninitialized } from "./Radios.js";

const ADD: readonly FieldSpec[] = [
  { key: "name", label: "Device Name", kind: "text", check: all(required, chars(64, /^[^\n\r]+$/, "one line")) },
  { key: "standby", label: "Standby Master IP Address", kind: "text", check: ipv4(true) },
  { key: "region", label: "Sync Region", kind: "number", check: wholeNumber(0, 249, true) },
];

interface AddProps {
  readonly radio: Uninitialized;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}

/** §4.11.1 Add Radios: a name, optionally the Standby Master and the Sync Region; the radio restarts with them. */
export function AddRadio({ radio, onDone, onCancel }: AddProps): View {
  const submit = async (v: Values) => {
    const standby = String(v["standby"]).trim();
    const region = String(v["region"]).trim();
    await call("POST", "/api/radios/add", {
      json: {
        mac: radio.mac,
        name: String(v["name"]).trim(),
        ...(standby === "" ? {} : { standby }),
        ...(region === "" ? {} : { region: Number(region) }),
      },
    });
    onDone(`Added ${radio.name}: it restarts and connects to this PARI Master.`);
    return "Sent.";
  };
  const title = `Add Radio ${radio.name}`;
  return html`<section class="dialog" aria-label=${title}>
    <h2>${title}</h2>
    <${SettingsForm}
      focusFirst=${true}
      title=${title}
      specs=${ADD}
      initial=${{ name: "", standby: "", region: "" }}
      onSubmit=${submit}
    >
      <div class="actions"><button type="button" class="secondary" onClick=${onCancel}>Cancel</button></div>
    <//>
  </section>`;
}

interface MoveProps {
  readonly broken: StaticRadio;
  /** The connected radios: the Destination to choose from. */
  readonly radios: readonly Radio[];
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}

/** §4.11.1 Move RFPIs: the broken radio's RFPI goes to the replacement chosen as Destination. */
export function MoveRfpi({ broken, radios, onDone, onCancel }: MoveProps): View {
  const specs: readonly FieldSpec[] = [
    {
      key: "to",
      label: "Destination",
      kind: "select",
      options: [
        ["", "Choose the new radio"],
        ...radios.map((r): [string, string] => [r.mac, `${r.name} (${r.deviceName})`]),
      ],
      check: (v) => (v === "" ? "choose the radio that replaces the broken one" : undefined),
    },
  ];
  const submit = async (v: Values) => {
    await call("POST", "/api/radios/move", { json: { from: broken.mac, to: v["to"] } });
    onDone(`Moved the RFPI of ${broken.name}.`);
    return "Moved.";
  };
  const title = `Move RFPI ${broken.name}`;
  return html`<section class="dialog" aria-label=${title}>
    <h2>${title}</h2>
    <p>RFPI ${broken.rfpis.join(", ")} goes to the Destination; its own RFPI is released.</p>
    <${SettingsForm}
      focusFirst=${true}
      title=${title}
      specs=${specs}
      initial=${{ to: "" }}
      onSubmit=${submit}
      submitLabel="Move"
    >
      <div class="actions"><button type="button" class="secondary" onClick=${onCancel}>Cancel</button></div>
    <//>
  </section>`;
}
