import { useState } from "preact/hooks";
import { call, callText } from "../../api.js";
import { all, chars, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";

/** The Type of §4.1.10.4.2 step 3 and §4.1.10.4.3 step 3. */
const SELF_SIGNED = "self-signed";
const SIGNING_REQUEST = "csr";

/** Our limit on Validity (§4.1.10.4.2 gives none; the device's MAX_VALIDITY_YEARS). */
const MAX_YEARS = 30;
/** RFC 5280 ub-common-name: the device takes 1 to 64 characters. */
const MAX_COMMON_NAME = 64;

/** §4.1.10.4.2 DNS Name, "a FQDN (e.g. host.domain.com)": labels of letters, digits and inner dashes, dot-separated. */
const fqdn = (v: string): string | undefined =>
  v === "" ||
  (v.length <= 253 && v.split(".").every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)))
    ? undefined
    : `must be a DNS name like host.domain.com, got "${v}"`;

/**
 * "Create New" (§4.1.10.4.2, §4.1.10.4.3) with the manual's fields: Type, Key, Signature, Validity (self-signed only: a
 * CA sets the validity of what it signs), Common Name, DNS Name. The keys are the API's field names, so an error of the
 * device goes under its field.
 */
const SPECS: readonly FieldSpec[] = [
  {
    key: "type",
    label: "Type",
    kind: "select",
    options: [
      [SELF_SIGNED, "Self-signed certificate"],
      [SIGNING_REQUEST, "Signing Request"],
    ],
  },
  {
    key: "bits",
    label: "Key",
    kind: "select",
    options: [
      ["2048", "2048-bit"],
      ["4096", "4096-bit"],
      ["1024", "1024-bit"],
    ],
    hint: "A new key pair; 4096 bits takes longest to make.",
  },
  {
    key: "hash",
    label: "Signature",
    kind: "select",
    options: [
      ["sha256", "SHA256"],
      ["sha384", "SHA384"],
      ["sha512", "SHA512"],
      ["sha1", "SHA1"],
    ],
  },
  {
    key: "years",
    label: "Validity",
    kind: "number",
    hint: `Years, 1 to ${MAX_YEARS}.`,
    check: all(required, wholeNumber(1, MAX_YEARS)),
    shown: (v) => v["type"] === SELF_SIGNED,
  },
  {
    key: "cn",
    label: "Common Name",
    kind: "text",
    hint: "The domain name or IP address the browser uses for this device.",
    check: chars(MAX_COMMON_NAME, /^[^\p{Cc}]+$/u, "printable characters"),
  },
  { key: "dns", label: "DNS Name", kind: "text", hint: "Optional: stored as subjectAltName.", check: fqdn },
];

/** What the device is asked for: the request's fields, and Validity for a self-signed certificate. */
function body(v: Values): Record<string, unknown> {
  const dns = String(v["dns"]).trim();
  return {
    bits: Number(v["bits"]),
    hash: v["hash"],
    ...(v["type"] === SELF_SIGNED ? { years: Number(v["years"]) } : {}),
    cn: String(v["cn"]).trim(),
    ...(dns === "" ? {} : { dns }),
  };
}

/**
 * The New Certificate form of the Device Certificate section: a new key pair with a self-signed certificate, in use at
 * once, or with a signing request for a CA, which the Signing Request section then shows.
 */
export function NewCertificate({
  commonName,
  onDone,
}: {
  readonly commonName: string;
  readonly onDone: () => void;
}): View {
  const [open, setOpen] = useState(false);
  const submit = async (v: Values) => {
    const json = body(v);
    if (v["type"] === SELF_SIGNED) {
      await call("POST", "/api/certs/device/self-signed", { json });
      onDone();
      return "The device presents its new self-signed certificate.";
    }
    await callText("/api/certs/csr", "POST", { json });
    onDone();
    return "The signing request is ready: download it from the Signing Request section and send it to your CA.";
  };
  return html`<button
      type="button"
      class="link"
      aria-expanded=${open ? "true" : "false"}
      aria-controls="new-certificate"
      onClick=${() => setOpen(!open)}
    >
      Create New
    </button>
    <div id="new-certificate" hidden=${!open}>
      ${
        open
          ? html`<${SettingsForm}
              title="New certificate"
              specs=${SPECS}
              initial=${{ type: SELF_SIGNED, bits: "2048", hash: "sha256", years: "10", cn: commonName, dns: "" }}
              onSubmit=${submit}
              focusFirst=${true}
            />`
          : null
      }
    </div>`;
}
