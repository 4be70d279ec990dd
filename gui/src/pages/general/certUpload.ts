import { useState } from "preact/hooks";
import { ApiError } from "../../api.js";
import { html, type View } from "../../html.js";

interface Props {
  /** The form's name for screen readers: "Upload to the trust list". */
  readonly title: string;
  /** Ids of the controls are `<id>-file`, `<id>-password`. */
  readonly id: string;
  /** The file field's label, which the message of a missing file names: "Certificate file", "PKCS#12 file". */
  readonly fileLabel: string;
  readonly accept?: string;
  /** The file may be protected by a password (PKCS#12, §4.1.10.3): a Password field follows the file. */
  readonly password?: boolean;
  /** Sends the file (and the password, empty when none) and answers the line to show. */
  readonly onUpload: (file: File, password: string) => Promise<string>;
}

/**
 * A file upload of the Certificates page (§4.1.10): "Choose File" with its label, the Password for a protected file,
 * and Upload. The outcome, or what is wrong with the form naming its field, is announced below it.
 */
export function CertUpload({ title, id, fileLabel, accept, password, onUpload }: Props): View {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (file === undefined) {
      setOutcome({ ok: false, text: `${fileLabel}: choose a file` });
      return;
    }
    setBusy(true);
    try {
      setOutcome({ ok: true, text: await onUpload(file, secret) });
      // The secret has done its work: it does not stay in the page.
      setSecret("");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setOutcome({ ok: false, text: `Not done: ${err.message}` });
    } finally {
      setBusy(false);
    }
  };
  const fileId = `${id}-file`;
  const missing = outcome?.ok === false && file === undefined;
  return html`<form class="inline" aria-label=${title} onSubmit=${submit} novalidate>
      <label for=${fileId}>${fileLabel}</label>
      <input
        id=${fileId}
        type="file"
        accept=${accept}
        aria-invalid=${missing ? "true" : undefined}
        aria-describedby=${missing ? `${id}-outcome` : undefined}
        onChange=${(e: Event) => setFile((e.target as HTMLInputElement).files?.[0])}
      />
      ${
        password === true
          ? html`<label for=${`${id}-password`}>Password</label>
              <input
                id=${`${id}-password`}
                type="password"
                autocomplete="off"
                value=${secret}
                onInput=${(e: Event) => setSecret((e.target as HTMLInputElement).value)}
              />`
          : null
      }
      <button type="submit" disabled=${busy}>Upload</button>
    </form>
    ${
      outcome === undefined
        ? null
        : html`<p id=${`${id}-outcome`} class=${outcome.ok ? "done" : "error"} role=${outcome.ok ? "status" : "alert"}>
            ${outcome.text}
          </p>`
    }`;
}
