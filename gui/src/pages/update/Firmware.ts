import { useState } from "preact/hooks";
import { call, get } from "../../api.js";
import { Facts } from "../../components/facts.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { CertUpload } from "../general/certUpload.js";

/** What a firmware bank holds (GET /api/firmware; src/update/FirmwareBanks.ts). */
interface Bank {
  readonly bank: "A" | "B";
  readonly version: string;
  readonly serial: string;
  readonly product: string;
}

interface Banks {
  readonly running: Bank;
  readonly other?: Bank;
  readonly next?: "A" | "B";
}

const bankText = (b: Bank): string => `${b.version} (build serial ${b.serial}, bank ${b.bank})`;

/**
 * The two firmware banks (§4.15): what runs, what the other holds, and which runs after the next reset; read again
 * when `round` changes (after an upload).
 */
export function FirmwareBanks({ round = 0 }: { readonly round?: number }): View {
  const banks = useLoad(() => get<Banks>("/api/firmware"), [round]);
  if (banks.error !== undefined) return html`<p class="error" role="alert">${banks.error.message}</p>`;
  if (banks.data === undefined) return html`<p role="status">Loading…</p>`;
  const b = banks.data;
  return html`<${Facts}
    label="Firmware banks"
    items=${[
      ["Running", bankText(b.running)],
      ["Other bank", b.other === undefined ? "empty" : bankText(b.other)],
      ["After the next reset", b.next === undefined ? "the running bank" : `bank ${b.next}`],
    ]}
  />`;
}

/** An image file as the upload's body, whatever type the browser guessed for it. */
const imageBody = (file: File) => ({ file: new Blob([file], { type: "application/octet-stream" }) });

/**
 * Update → Firmware (§4.18.2): an image file checked (header, checksum, this device's product) and written to the bank
 * that does not run; "Reset in order to make the changes take effect". A refused image writes nothing.
 */
export function FirmwarePage({ refresh }: PageProps): View {
  const [round, setRound] = useState(0);
  const upload = async (file: File) => {
    const a = await call<{ written: Bank }>("PUT", "/api/firmware", imageBody(file));
    setRound((r) => r + 1);
    refresh();
    return `Written: ${bankText(a.written)}. Reset the device to run it (§4.24).`;
  };
  return html`<${CertUpload}
      title="Update firmware"
      id="firmware"
      fileLabel="Firmware file"
      accept=".bin"
      onUpload=${upload}
    />
    <h2>Firmware banks</h2>
    <${FirmwareBanks} round=${round} />`;
}

/**
 * Update → Boot (§4.18.3, not on an IPVM): ipdect has no boot loader of its own, so a boot file is checked as an
 * image is and reported; nothing is written (docs/user-guide.md "Update").
 */
export function BootPage(): View {
  const upload = async (file: File) => {
    const a = await call<{ version: string; serial: string; note: string }>(
      "PUT",
      "/api/firmware/boot",
      imageBody(file),
    );
    return `Boot file ${a.version} (build serial ${a.serial}): ${a.note}.`;
  };
  return html`<p>This software has no boot loader: a boot file is checked and nothing is written.</p>
    <${CertUpload} title="Update boot file" id="boot" fileLabel="Boot file" accept=".bin" onUpload=${upload} />`;
}
