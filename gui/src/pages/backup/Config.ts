import { useState } from "preact/hooks";
import { ApiError, call, callText } from "../../api.js";
import { download } from "../../download.js";
import { html, type View } from "../../html.js";
import type { PageProps } from "../../page.js";

/** The file name of a backup: the device's name and the date (`master-2026-12-06.txt`). */
const backupName = (device: string) => `${device}-${new Date().toISOString().slice(0, 10)}.txt`;

/**
 * Backup → Config (§4.14): the running configuration as native text, with the users' lines (App. C), saved by the
 * browser. Its first line names the admin account it was saved under; "download with standard password" names the
 * default one (admin/changeme, §3.2.2), so the file restores on a device that still has it (§4.18.1).
 */
export function BackupPage({ status }: PageProps): View {
  const [error, setError] = useState<string | undefined>(undefined);
  const save = (standard: boolean) => () =>
    callText(`/api/backup?standard=${standard}`).then(
      (text) => download(backupName(status.name), text, "text/plain"),
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  return html`<p>The configuration as the device's native text, with its users (App. C).</p>
    <p>
      Configuration files are compatible only if they are applied to devices that have the same admin username and
      password (§4.14).
    </p>
    <div class="actions">
      <button type="button" onClick=${save(false)}>Download</button>
      <button type="button" onClick=${save(true)}>Download with standard password</button>
    </div>
    ${error === undefined ? null : html`<p class="error" role="alert">${error}</p>`}`;
}

/**
 * Update → Config (§4.18.1): a saved backup uploaded; it waits for a reset (§4.24). A file saved under another admin
 * name or password than the device's, or a line the device refuses (named with its line number), stores nothing.
 */
export function UpdatePage({ refresh }: PageProps): View {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const upload = async (e: Event) => {
    e.preventDefault();
    if (file === undefined) return setMessage({ ok: false, text: "Configuration file: choose a file" });
    try {
      await call("PUT", "/api/backup", { text: await file.text() });
      setMessage({ ok: true, text: "Uploaded. Reset the device to put it in force (§4.24)." });
      refresh();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The device names the line of the file: `request body:3: MASTER0 /mode: …`.
      setMessage({ ok: false, text: `Not stored: ${err.message.replace(/^request body:(\d+): /, "line $1: ")}` });
    }
  };
  return html`<form aria-label="Update configuration" onSubmit=${upload}>
    <div class="field">
      <label for="update-file">Configuration file</label>
      <input
        id="update-file"
        type="file"
        accept=".txt,text/plain"
        onChange=${(e: Event) => setFile((e.target as HTMLInputElement).files?.[0])}
      />
    </div>
    <div class="actions"><button type="submit">Upload</button></div>
    ${
      message === undefined
        ? null
        : html`<p class=${message.ok ? "done" : "error"} role=${message.ok ? "status" : "alert"}>${message.text}</p>`
    }
  </form>`;
}
