import { call, get } from "../../api.js";
import { chars, PASSWORD_CHARS, PASSWORD_CHARS_TEXT } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { changeSettings, effective, loadSettings, optText, PENDING_TEXT } from "../../settings.js";
import { FrequencyForm } from "./frequency.js";

const PRINTABLE = /^[\x20-\x7e]+$/;

/** §4.6.1: name and password, the same on every device of the system; an empty password keeps the one in force. */
const SYSTEM: readonly FieldSpec[] = [
  {
    key: "name",
    label: "System Name",
    kind: "text",
    check: chars(64, PRINTABLE, "printable characters"),
    server: "system.name",
  },
  {
    key: "password",
    label: "Password",
    kind: "password",
    check: chars(15, PASSWORD_CHARS, PASSWORD_CHARS_TEXT, true),
    hint: `Empty: unchanged. Allowed characters: ${PASSWORD_CHARS_TEXT}; at most 15 (§4.6.1).`,
    server: "system.password",
  },
  {
    key: "confirm",
    label: "Confirm Password",
    kind: "password",
    check: (v, a) => (v === a["password"] ? undefined : "does not match Password"),
  },
];

/** §4.6.2 Subscription Method, §4.6.3 Authentication Code, §4.6.18 the logout feature code: in force at once. */
const SUBSCRIPTION: readonly FieldSpec[] = [
  {
    key: "subscription",
    label: "Subscription Method",
    kind: "select",
    options: [
      ["user-ac", "With User AC"],
      ["system-ac", "With System AC"],
      ["disable", "Disabled"],
    ],
  },
  {
    key: "systemAc",
    label: "System AC",
    kind: "text",
    check: (v) => (/^\d{4,8}$/.test(v) ? undefined : `must be 4 to 8 digits (§4.6.3), got "${v}"`),
  },
  { key: "logoutCode", label: "Logout Code", kind: "text", hint: "Feature code, e.g. #11*$# (§4.6.18)." },
];

interface DectSystem {
  readonly subscription: string;
  readonly systemAc: string;
  readonly logoutCode: string;
}

/**
 * DECT → System (§4.6.1–§4.6.3, §4.6.6, §4.6.7, §4.6.18); the frequency band and carriers on a PARI Master, which
 * pushes them to the radios ("To access the System tab, the Master mode has to be activated"); the subscription on a Master only, and for a System Administrator only: its
 * System AC lets a handset subscribe (§4.6.3), so it is not shown to Auditors, who see the rest read-only (§3.4.3).
 */
export function SystemPage({ status, canWrite, refresh }: PageProps): View {
  const settings = useLoad(loadSettings);
  // The subscription belongs to the user directory, which a Master keeps (§4.6.2).
  const master = canWrite && status.master !== undefined && status.master.mode !== "off";
  const dect = useLoad(() => (master ? get<DectSystem>("/api/dect/system") : Promise.resolve(undefined)), [master]);
  const error = settings.error ?? dect.error;
  if (error !== undefined) return html`<p class="error" role="alert">${error.message}</p>`;
  if (settings.data === undefined || (master && dect.data === undefined)) return html`<p role="status">Loading…</p>`;
  const s = effective(settings.data);
  const changeSystem = async (v: Values) => {
    // The password as read is masked (GET /api/settings): sent back, the mask keeps the stored one.
    const password = optText(v["password"]);
    await changeSettings({ system: { name: optText(v["name"]), password: password ?? s.system.password } });
    refresh();
    return `${PENDING_TEXT} Change it on every device of the system (§4.6.1).`;
  };
  const changeSubscription = async (v: Values) => {
    await call("PUT", "/api/dect/system", {
      json: { subscription: v["subscription"], systemAc: v["systemAc"], logoutCode: v["logoutCode"] },
    });
    dect.reload();
    return "Saved: in force now.";
  };
  return html`<h2>System Name and Password</h2>
    <${SettingsForm}
      title="System name and password"
      specs=${SYSTEM}
      initial=${{ name: s.system.name, password: "", confirm: "" }}
      onSubmit=${canWrite ? changeSystem : undefined}
    />
    ${
      dect.data === undefined
        ? null
        : html`<h2>Subscription</h2>
            <${SettingsForm}
              title="Subscription"
              specs=${SUBSCRIPTION}
              initial=${{ ...dect.data }}
              onSubmit=${changeSubscription}
            />`
    }
    ${master && s.pari !== undefined ? html`<${FrequencyForm} pari=${s.pari} onSaved=${settings.reload} />` : null}`;
}
