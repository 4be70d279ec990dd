import { call } from "../../api.js";
import { all, chars, required } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";

/** A user as GET /api/users shows it: the Auth. Code, never the password (§4.10.1). */
export interface UserRow {
  readonly longName: string;
  readonly displayName?: string;
  readonly name?: string;
  readonly number: string;
  readonly authName?: string;
  readonly ipei?: string;
  readonly authCode: string;
  readonly idleDisplay?: string;
}

const ANY = /^[^\n\r;\t]+$/;
const text = (max: number, optional = true) => chars(max, ANY, "text without ; tabs or line breaks", optional);

/** The §3.14 field table: the manual's names and lengths. */
const SPECS: readonly FieldSpec[] = [
  { key: "longName", label: "Long Name", kind: "text", check: all(required, text(30, false)) },
  { key: "displayName", label: "Display Name", kind: "text", check: text(30) },
  { key: "name", label: "Name", kind: "text", check: text(30) },
  {
    key: "number",
    label: "Number",
    kind: "text",
    check: all(required, chars(30, /^[0-9*#+]+$/, "digits and * # +")),
  },
  { key: "authName", label: "Auth Name (SIP)", kind: "text", check: text(60), hint: "Empty: the Name is used." },
  { key: "password", label: "Password", kind: "password", check: text(30), hint: "Empty: unchanged." },
  {
    key: "ipei",
    label: "IPEI/IPDI",
    kind: "text",
    check: (v) => (v === "" || /^[0-9 ]{12,13}$/.test(v) ? undefined : `must be 13 digits (an IPEI), got "${v}"`),
  },
  {
    key: "authCode",
    label: "Auth. Code",
    kind: "text",
    check: (v) => (v === "" || /^\d{1,8}$/.test(v) ? undefined : `must be up to 8 digits, got "${v}"`),
    hint: "Empty: the device makes one (§3.14).",
  },
  { key: "idleDisplay", label: "Idle Display", kind: "text", check: text(47) },
];

const KEYS = SPECS.map((s) => s.key);

interface Props {
  /** Absent: a new user (§4.10.3). */
  readonly user?: UserRow;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}

/** Users → New / Edit User (§3.14, §4.10.3); Delete removes the user (§4.10). */
export function UserForm({ user, onDone, onCancel }: Props): View {
  const initial: Values = Object.fromEntries(
    KEYS.map((k) => [k, k === "password" ? "" : String((user as Record<string, unknown> | undefined)?.[k] ?? "")]),
  );
  const submit = async (v: Values) => {
    // The API takes the fields given; an empty one is left as it is.
    const fields = Object.fromEntries(KEYS.map((k) => [k, String(v[k] ?? "").trim()]).filter(([, t]) => t !== ""));
    if (user === undefined) await call("POST", "/api/users", { json: fields });
    else await call("PATCH", `/api/users/${encodeURIComponent(user.number)}`, { json: fields });
    onDone(`${user === undefined ? "Added" : "Saved"}: ${String(v["longName"])}.`);
    return "Saved.";
  };
  const remove = async () => {
    if (user === undefined) return;
    await call("DELETE", `/api/users/${encodeURIComponent(user.number)}`);
    onDone(`Deleted: ${user.longName}.`);
  };
  const title = user === undefined ? "New User" : `Edit User ${user.longName}`;
  return html`<section class="dialog" aria-label=${title}>
    <h2>${title}</h2>
    <${SettingsForm} focusFirst=${true} title=${title} specs=${SPECS} initial=${initial} onSubmit=${submit}>
      <div class="actions">
        <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
        ${user === undefined ? null : html`<button type="button" class="secondary" onClick=${remove}>Delete</button>`}
      </div>
    <//>
  </section>`;
}
