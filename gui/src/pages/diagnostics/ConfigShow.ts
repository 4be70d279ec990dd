import { get } from "../../api.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";

interface ConfigAnswer {
  readonly running: string;
  readonly pending?: string;
}

/**
 * §4.23.6 Config Show: the configuration as the device's native text (App. C, App. J), and the one waiting for a
 * reset (§4.18.1) below it.
 */
export function ConfigShowPage(): View {
  const { data, error } = useLoad(() => get<ConfigAnswer>("/api/config"));
  if (error !== undefined) return html`<p class="error" role="alert">${error.message}</p>`;
  if (data === undefined) return html`<p role="status">Loading…</p>`;
  return html`<section>
      <h2 id="config-running">Running configuration</h2>
      <pre class="config" tabindex="0" aria-labelledby="config-running">${data.running}</pre>
    </section>
    ${
      data.pending === undefined
        ? null
        : html`<section>
            <h2 id="config-pending">Pending, in force after the next reset (§4.18.1)</h2>
            <pre class="config" tabindex="0" aria-labelledby="config-pending">${data.pending}</pre>
          </section>`
    }`;
}
