import { useState } from "preact/hooks";
import { ApiError, call } from "../../api.js";
import { all, ipv4, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { changeSettings, compact, effective, loadSettings, optText, PENDING_TEXT } from "../../settings.js";

/** §4.6.19 Mode; "Deployment cannot be selected for IPVM". */
function modes(kind: string): readonly (readonly [string, string])[] {
  const all: [string, string][] = [
    ["off", "Off"],
    ["active", "Active"],
    ["standby", "Standby"],
    ["deployment", "Deployment"],
    ["mirror", "Mirror"],
  ];
  return kind === "IPVM" ? all.filter(([m]) => m !== "deployment") : all;
}

function specs(kind: string): readonly FieldSpec[] {
  return [
    { key: "mode", label: "Mode", kind: "select", options: modes(kind), server: "master.mode", hint: "§4.6.19" },
    {
      key: "id",
      label: "Master Id",
      kind: "number",
      // §3.14.1.2 dials Master id 0 ("*0*200*1234#"); the device takes 0..254 (master/settings.ts).
      check: all(required, wholeNumber(0, 254)),
      hint: "Unique per Master; a Standby has its Master's id (§4.6.20).",
      server: "master.id",
    },
    {
      key: "primary",
      label: "Primary Master IP Address",
      kind: "text",
      shown: (v) => v["mode"] === "standby",
      check: ipv4(),
      server: "master.primary",
    },
    {
      key: "mirrorPeer",
      label: "Mirror Master IP Address",
      kind: "text",
      shown: (v) => v["mode"] === "mirror",
      check: ipv4(),
      server: "master.mirrorPeer",
    },
    {
      key: "regionCode",
      label: "Region Code",
      kind: "text",
      // §4.6.22; the length limit is the device's (REGION_CODE_MAX in src/master/settings.ts).
      check: (v) =>
        v === "" || /^[0-9*#]{1,16}$/.test(v)
          ? undefined
          : `The region code can consist of numbers 0–9, * and # (§4.6.22), at most 16, got "${v}"`,
      hint: "For call localization of emergency calls in a multi-site installation (§4.6.22).",
      server: "master.regionCode",
    },
    {
      key: "pari",
      label: "Enable PARI Function",
      kind: "checkbox",
      hint: "Only one Master per handover and sync domain (§4.6.21).",
      server: "pari",
    },
  ];
}

/** §4.6.19 mirror links: Activate mirror and Switch active mirror, at once (calls are lost). */
function MirrorLinks(): View {
  const [message, setMessage] = useState<string | undefined>(undefined);
  const run = (path: string, what: string) => () =>
    call("POST", path).then(
      () => setMessage(`${what}: requested.`),
      (e: unknown) => setMessage(e instanceof ApiError ? e.message : String(e)),
    );
  return html`<div class="actions">
      <button type="button" class="secondary" onClick=${run("/api/master/activate-mirror", "Activate mirror")}>
        Activate mirror
      </button>
      <button type="button" class="secondary" onClick=${run("/api/master/switch-mirror", "Switch active mirror")}>
        Switch active mirror
      </button>
    </div>
    ${message === undefined ? null : html`<p role="status">${message}</p>`}`;
}

function MasterState({ status }: { readonly status: PageProps["status"] }): View {
  const m = status.master;
  if (m === undefined) return null;
  return html`<dl class="facts">
    <dt>State</dt>
    <dd>${m.state}${m.serving ? " (serving)" : ""}</dd>
    ${
      m.regionCode === undefined
        ? null
        : html`<dt>Region Code</dt>
            <dd>${m.regionCode}</dd>`
    }
    ${
      m.peer === undefined
        ? null
        : html`<dt>Peer</dt>
            <dd>${m.peer.ip} (${m.peer.active ? "active" : "inactive"})</dd>`
    }
  </dl>`;
}

/**
 * DECT → Master (§4.6.19 Select Master Mode, §4.6.20 Set Master Id, §4.6.21 Enable PARI Function): pending until
 * reset; read-only for Auditors (§3.4.3). The gatekeeper of the same page in the manual is DECT → Gatekeeper here.
 */
export function MasterPage({ status, canWrite, refresh }: PageProps): View {
  const settings = useLoad(loadSettings);
  if (settings.error !== undefined) return html`<p class="error" role="alert">${settings.error.message}</p>`;
  if (settings.data === undefined) return html`<p role="status">Loading…</p>`;
  const s = effective(settings.data);
  const initial: Values = {
    mode: s.master?.mode ?? "off",
    id: String(s.master?.id ?? 1),
    primary: s.master?.primary ?? "",
    mirrorPeer: s.master?.mirrorPeer ?? "",
    regionCode: s.master?.regionCode ?? "",
    pari: s.pari !== undefined,
  };
  const submit = async (v: Values) => {
    const mode = String(v["mode"]);
    const master = compact({
      ...s.master,
      mode,
      id: Number(v["id"]),
      primary: mode === "standby" ? optText(v["primary"]) : undefined,
      mirrorPeer: mode === "mirror" ? optText(v["mirrorPeer"]) : undefined,
      regionCode: optText(v["regionCode"]),
    });
    await changeSettings({ master, pari: v["pari"] === true ? (s.pari ?? {}) : null });
    refresh();
    return PENDING_TEXT;
  };
  return html`<${MasterState} status=${status} />
    ${settings.data.pending === null ? null : html`<p class="note">Showing the settings that wait for a reset.</p>`}
    <${SettingsForm}
      title="Master"
      specs=${specs(status.kind)}
      initial=${initial}
      onSubmit=${canWrite ? submit : undefined}
    />
    ${
      canWrite && status.master?.mode === "mirror"
        ? html`<h2>Mirror</h2>
            <${MirrorLinks} />`
        : null
    }`;
}
