import { useState } from "preact/hooks";
import { ApiError, call, sessionEnded } from "../../api.js";
import { checkValues, Field, withoutKey } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import { navigate } from "../../router.js";
import { changeSettings, effective, loadSettings, type DeviceSettings } from "../../settings.js";
import { wizardPatch, wizardSteps, wizardValues, type Step } from "./steps.js";

const SKIPPED = "ipdect.wizard.skipped";

/** Skip (or a finished wizard) keeps the wizard away for the rest of this browser session. */
export const wizardSkipped = (): boolean => sessionStorage.getItem(SKIPPED) === "1";

const leave = () => {
  sessionStorage.setItem(SKIPPED, "1");
  navigate("/general/admin");
};

interface Props {
  readonly refresh: () => void;
}

/**
 * §3.3 Configuration Wizard, started on a fresh device (status.ts `isFresh`): Network, Master, Trusted Certificate,
 * License (IPVM) and Radio (not IPVM), one section at a time. Finish stores the settings as one pending change and
 * offers the reset that puts them in force (§4.24).
 */
export function Wizard({ refresh }: Props): View {
  const settings = useLoad(loadSettings);
  if (settings.error !== undefined) return html`<p class="error" role="alert">${settings.error.message}</p>`;
  if (settings.data === undefined) return html`<p role="status">Loading…</p>`;
  const s = effective(settings.data);
  return html`<${Steps} steps=${wizardSteps(s.kind)} settings=${s} refresh=${refresh} />`;
}

interface StepsProps extends Props {
  readonly steps: readonly Step[];
  /** The settings the wizard starts from and changes. */
  readonly settings: DeviceSettings;
}

function Steps({ steps, settings, refresh }: StepsProps): View {
  const [at, setAt] = useState(0);
  const [values, setValues] = useState(() => wizardValues(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [certificate, setCertificate] = useState<File | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const step = steps[at]!;
  const last = at === steps.length - 1;
  const go = (to: number) => {
    setAt(to);
    setMessage(undefined);
  };
  const next = (e: Event) => {
    e.preventDefault();
    const found = checkValues(step.specs, values);
    setErrors(found);
    if (Object.keys(found).length > 0) return setMessage({ ok: false, text: "Correct the fields marked." });
    if (!last) return go(at + 1);
    void finish();
  };
  const finish = async () => {
    setBusy(true);
    try {
      if (certificate !== undefined)
        await call("POST", "/api/certs/trust", { file: certificate }).catch((err: unknown) => {
          throw err instanceof ApiError
            ? new ApiError(err.status, err.code, `Trusted Certificate: ${err.message}`)
            : err;
        });
      await changeSettings(wizardPatch(values, settings));
      setSaved(true);
      setMessage({ ok: true, text: "Saved. Reset the device to put the configuration in force (§4.24)." });
      refresh();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const where = steps.findIndex((st) => st.specs.some((sp) => (sp.server ?? sp.key) === err.field));
      const spec = steps[where]?.specs.find((sp) => (sp.server ?? sp.key) === err.field);
      if (spec !== undefined) {
        setAt(where);
        setErrors({ [spec.key]: `${spec.label}: ${err.message.replace(/^(request body: )?[^:]+: /, "")}` });
      }
      setMessage({ ok: false, text: spec === undefined ? err.message : "Not saved: correct the field marked." });
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    await call("POST", "/api/reset?mode=immediate");
    sessionStorage.setItem(SKIPPED, "1");
    navigate("/");
    sessionEnded("Reset done: the device has started with the wizard's configuration. Log in again.");
  };
  return html`<h1 id="page-title">Configuration Wizard</h1>
    <p class="note">
      This device is new: the wizard sets up what a basic system needs (§3.3). Every setting can be changed later in the
      menus.
    </p>
    <ol class="steps" aria-label="Wizard sections">
      ${steps.map(
        (st, i) =>
          html`<li aria-current=${i === at ? "step" : undefined} class=${i === at ? "current" : ""}>${st.title}</li>`,
      )}
    </ol>
    <form aria-label=${step.title} onSubmit=${next} novalidate>
      <h2>${step.title}</h2>
      ${step.note === undefined ? null : html`<p class="note">${step.note}</p>`}
      ${step.specs
        .filter((sp) => sp.shown === undefined || sp.shown(values))
        .map(
          (sp) =>
            html`<${Field}
              key=${sp.key}
              spec=${sp}
              value=${values[sp.key] ?? ""}
              error=${errors[sp.key]}
              disabled=${saved}
              onChange=${(v: string | boolean) => {
                setValues({ ...values, [sp.key]: v });
                setErrors(withoutKey(errors, sp.key));
              }}
            />`,
        )}
      ${
        step.id === "certificate"
          ? html`<div class="field">
              <label for="wizard-certificate">Trusted Certificate</label>
              <input
                id="wizard-certificate"
                type="file"
                accept=".pem,.crt,.cer,.der"
                disabled=${saved}
                onChange=${(e: Event) => setCertificate((e.target as HTMLInputElement).files?.[0])}
              />
            </div>`
          : null
      }
      <div class="actions">
        <button type="button" class="secondary" disabled=${at === 0 || busy} onClick=${() => go(at - 1)}>Back</button>
        ${
          saved
            ? html`<button type="button" disabled=${busy} onClick=${reset}>Reset now</button>`
            : html`<button type="submit" disabled=${busy}>${last ? "Finish" : "Next"}</button>`
        }
        <button type="button" class="link" onClick=${leave}>${saved ? "Reset later" : "Skip the wizard"}</button>
      </div>
      ${
        message === undefined
          ? null
          : html`<p class=${message.ok ? "done" : "error"} role=${message.ok ? "status" : "alert"}>${message.text}</p>`
      }
    </form>`;
}
