import { useState } from "preact/hooks";
import { ApiError, call, callText, get } from "../../api.js";
import { download } from "../../download.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import { ImportCsv } from "./Users.js";

/**
 * Users → Anonymous (§4.10.7–§4.10.10): the IPEIs of anonymous handsets, New (one IPEI, §4.10.8), Import (one IPEI a
 * line, only new ones, §4.10.9) and Export (§4.10.10).
 */
export function AnonymousPage(): View {
  const list = useLoad(() => get<string[]>("/api/anonymous"));
  const [ipei, setIpei] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const done = (text: string) => {
    setMessage({ ok: true, text });
    list.reload();
  };
  const add = async (e: Event) => {
    e.preventDefault();
    if (!/^[0-9 ]{12,14}$/.test(ipei.trim()))
      return setMessage({ ok: false, text: `IPEI: must be 13 digits (an IPEI), got "${ipei}"` });
    try {
      // §4.10.8 New: one IPEI.
      const added = await call<{ ipei: string }>("POST", "/api/anonymous", { json: { ipei: ipei.trim() } });
      setIpei("");
      done(`Added ${added.ipei}.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setMessage({ ok: false, text: `IPEI: ${err.message}` });
    }
  };
  const exportCsv = async () => download("anonymous.csv", await callText("/api/anonymous/export"), "text/csv");
  const rows = list.data ?? [];
  return html`<form class="inline" aria-label="New anonymous handset" onSubmit=${add}>
      <label for="anonymous-ipei">IPEI</label>
      <input id="anonymous-ipei" value=${ipei} onInput=${(e: Event) => setIpei((e.target as HTMLInputElement).value)} />
      <button type="submit">OK</button>
      <button type="button" class="secondary" onClick=${exportCsv}>Export</button>
    </form>
    <${ImportCsv} path="/api/anonymous/import" onImported=${(n: number) => done(`Imported ${n} IPEIs.`)} />
    ${
      message === undefined
        ? null
        : html`<p class=${message.ok ? "done" : "error"} role=${message.ok ? "status" : "alert"}>${message.text}</p>`
    }
    ${list.error === undefined ? null : html`<p class="error" role="alert">${list.error.message}</p>`}
    <table>
      <caption>
        ${`Anonymous handsets: ${rows.length}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">IPEI/IPDI</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (i) =>
            html`<tr key=${i}>
              <td>${i}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
