import { get } from "../../api.js";
import { Facts } from "../../components/facts.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";

interface Codes {
  readonly park?: string;
  readonly park3rdParty: string;
}

/**
 * §4.10.3 "To view the PARK and the PARK 3rd pty code: Select Users → Users": what a handset of another system needs
 * to find this one. The PARI Master knows them (its System ID and SARI); another Master says where to look.
 */
export function ParkCodes(): View {
  const codes = useLoad(() => get<Codes>("/api/park"));
  if (codes.error !== undefined)
    return html`<p class="hint" aria-label="PARK codes">PARK and PARK 3rd pty: shown on the PARI Master (§4.10.3).</p>`;
  const c = codes.data;
  if (c === undefined) return null;
  return html`<${Facts}
    label="PARK codes"
    items=${[
      ["PARK", c.park ?? "no SARI set (§4.6.35)"],
      ["PARK 3rd pty", c.park3rdParty],
    ]}
  />`;
}
