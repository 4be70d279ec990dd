import { call, get } from "../../api.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";

/** GET /api/tls: the profile in force with its versions and ciphers (App. K). */
interface TlsAnswer {
  readonly profile: string;
  readonly keyUsage: string;
  readonly minVersion: string;
  readonly appendixK: readonly string[];
}

const SPECS: readonly FieldSpec[] = [
  {
    key: "profile",
    label: "Profile",
    kind: "select",
    options: [
      ["normal", "Normal"],
      ["fast", "Fast"],
      ["secure", "Secure"],
      ["strict", "Strict"],
    ],
    hint: "§4.3.3; Experimental is not offered.",
  },
  {
    key: "keyUsage",
    label: "Key usage check",
    kind: "select",
    options: [
      ["standard", "Standard"],
      ["extended", "Extended"],
    ],
    hint: "§4.7.2.1",
  },
];

/** IP4 → TLS (§4.3.3): the TLS profile, in force at once and kept on flash; its versions and ciphers below. */
export function TlsPage({ canWrite }: PageProps): View {
  const tls = useLoad(() => get<TlsAnswer>("/api/tls"));
  if (tls.error !== undefined) return html`<p class="error" role="alert">${tls.error.message}</p>`;
  if (tls.data === undefined) return html`<p role="status">Loading…</p>`;
  const t = tls.data;
  const submit = async (v: Values) => {
    await call("PUT", "/api/tls", { json: { profile: v["profile"], keyUsage: v["keyUsage"] } });
    tls.reload();
    return "Saved: in force for the next connections.";
  };
  return html`<${SettingsForm}
      title="TLS"
      specs=${SPECS}
      initial=${{ profile: t.profile, keyUsage: t.keyUsage }}
      onSubmit=${canWrite ? submit : undefined}
    />
    <dl class="facts">
      <dt>Lowest version</dt>
      <dd>${t.minVersion}</dd>
    </dl>
    <table>
      <caption>
        Cipher suites in order (App. K)
      </caption>
      <tbody>
        ${t.appendixK.map(
          (c) =>
            html`<tr key=${c}>
              <td><code>${c}</code></td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
