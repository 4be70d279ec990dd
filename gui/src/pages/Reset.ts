import { useState } from "preact/hooks";
import { ApiError, call, sessionEnded } from "../api.js";
import { html, type View } from "../html.js";
import type { PageProps } from "../page.js";

/**
 * §4.24 Reset: Idle Reset waits until no call is active, (Immediate) Reset ends them; either puts the pending
 * configuration in force (§4.18.1). TFTP mode and Boot (§4.24.3, §4.24.4) are not modelled.
 */
export function ResetPage({ status, canWrite }: PageProps): View {
  const [mode, setMode] = useState<"idle" | "immediate">("idle");
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const reset = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await call("POST", `/api/reset?mode=${mode}`);
      // The device started again without its sessions: the login page says so (§3.4.6). This page is gone then.
      sessionEnded(`${mode === "idle" ? "Idle reset" : "Reset"} done: the device has started again. Log in again.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setMessage(err.message);
      setBusy(false);
    }
  };
  return html`<p>
      ${
        status.pendingReset
          ? "Changed settings wait for a reset; a reset puts them in force."
          : "No changed setting waits for a reset."
      }
    </p>
    <form aria-label="Reset" onSubmit=${reset}>
      <fieldset disabled=${!canWrite}>
        <legend>Reset</legend>
        <div class="field check">
          <input
            type="radio"
            id="reset-idle"
            name="mode"
            checked=${mode === "idle"}
            onChange=${() => setMode("idle")}
          />
          <label for="reset-idle">Idle Reset: waits until there are no active calls (§4.24.1)</label>
        </div>
        <div class="field check">
          <input
            type="radio"
            id="reset-immediate"
            name="mode"
            checked=${mode === "immediate"}
            onChange=${() => setMode("immediate")}
          />
          <label for="reset-immediate">Reset: clears all calls and resets the device (§4.24.2)</label>
        </div>
        <div class="actions"><button type="submit" disabled=${busy}>OK</button></div>
      </fieldset>
      ${canWrite ? null : html`<p class="note">Only a System Administrator may reset the device.</p>`}
      ${message === undefined ? null : html`<p class="error" role="alert">${message}</p>`}
    </form>`;
}
