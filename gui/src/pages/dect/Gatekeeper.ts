import { call, get } from "../../api.js";
import { all, required, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { html, type View } from "../../html.js";
import { useLoad } from "../../load.js";
import type { PageProps } from "../../page.js";
import { compact, optNumber, optText, PENDING_TEXT, textOf } from "../../settings.js";

/** GET /api/gatekeeper: the section running and pending (null: none). */
interface GatekeeperAnswer {
  readonly running: Gatekeeper | null;
  readonly pending: Gatekeeper | null;
}

interface Gatekeeper {
  readonly protocol: string;
  readonly proxy: string;
  readonly altProxies: readonly string[];
  readonly domain?: string;
  readonly registrationTtlS: number;
  readonly subscriptionTtlS: number;
  readonly registerWithNumber: boolean;
  readonly registerWithSystemPassword: boolean;
  readonly maxInternalNumberLength?: number;
  readonly internationalCpnPrefix?: string;
  readonly ignoreRetryAfter: boolean;
  readonly redirection: boolean;
  readonly instanceId: boolean;
  readonly temporaryFailure: number;
  readonly localPort: number;
  readonly anonymous?: { readonly name: string; readonly number: string; readonly deactivateMaster: boolean };
}

/** §4.6.23 step 5: `host[:port]`, an IPv4 address or a DNS name. */
const HOST_PORT = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;
const proxyCheck = (optional: boolean) => (v: string) =>
  (optional && v === "") || HOST_PORT.test(v)
    ? undefined
    : `must be an IP address or DNS name with an optional port (proxy1.example.com:5060), got "${v}"`;
const anonymousOn = (v: Values) =>
  optText(v["anonymousName"]) !== undefined || optText(v["anonymousNumber"]) !== undefined;

const SPECS: readonly FieldSpec[] = [
  {
    key: "protocol",
    label: "Protocol",
    kind: "select",
    options: [
      ["sip-udp", "SIP/UDP"],
      ["sip-tcp", "SIP/TCP"],
      ["sip-tls", "SIP/TLS"],
    ],
    hint: "H.323 is not modelled (§4.6.23 step 2).",
  },
  {
    key: "proxy",
    label: "Proxy",
    kind: "text",
    check: proxyCheck(true),
    hint: "e.g. proxy1.example.com:5060 (§4.6.23 step 5); empty: no gatekeeper.",
  },
  ...[1, 2, 3].map((n): FieldSpec => ({
    key: `altProxy${n}`,
    label: `Alt. Proxy ${n}`,
    kind: "text",
    check: proxyCheck(true),
    server: `altProxies[${n - 1}]`,
  })),
  { key: "domain", label: "Domain", kind: "text", hint: "§4.6.23 step 7" },
  {
    key: "maxInternalNumberLength",
    label: "Max. internal number length",
    kind: "number",
    check: wholeNumber(1, 30, true),
  },
  {
    key: "internationalCpnPrefix",
    label: "International CPN Prefix",
    kind: "text",
    check: (v) => (v === "" || /^\d{1,8}$/.test(v) ? undefined : `must be 1 to 8 digits, got "${v}"`),
  },
  { key: "registerWithSystemPassword", label: "Registration with system password", kind: "checkbox" },
  {
    key: "registrationTtlS",
    label: "Registration Time-To-Live",
    kind: "number",
    check: all(required, wholeNumber(10, 86_400)),
    hint: "Seconds; the default is 120 (§4.6.23 step 15).",
  },
  {
    key: "subscriptionTtlS",
    label: "Subscription Time-To-Live",
    kind: "number",
    check: all(required, wholeNumber(60, 86_400)),
    hint: "Seconds; the default is 3600.",
  },
  { key: "registerWithNumber", label: "Register with number", kind: "checkbox" },
  {
    key: "ignoreRetryAfter",
    label: "Ignore Retry-After in Registration Responses",
    kind: "checkbox",
    hint: "§4.7.1.11",
  },
  {
    key: "redirection",
    label: "IP-PBX supports redirection of registration when registered to alternative proxy",
    kind: "checkbox",
    hint: "§4.7.1.2",
  },
  { key: "instanceId", label: "Add Instance ID to the user registration", kind: "checkbox", hint: "§4.7.1.1" },
  {
    key: "temporaryFailure",
    label: "Temporary failure",
    kind: "select",
    options: [
      ["486", "486 Busy Here"],
      ["480", "480 Temporarily Unavailable"],
      ["503", "503 Service Unavailable"],
    ],
    hint: "§4.7.3.1 SIP Response Mappings",
  },
  { key: "localPort", label: "Local Port", kind: "number", check: all(required, wholeNumber(1, 65_535)) },
  {
    key: "anonymousName",
    label: "Registration Name",
    kind: "text",
    server: "anonymous.name",
    check: (v, a) => (v === "" && anonymousOn(a) ? "must be filled in with Registration Number (§4.6.24)" : undefined),
    hint: "Registration for Anonymous Devices (§4.6.24)",
  },
  {
    key: "anonymousNumber",
    label: "Registration Number",
    kind: "text",
    server: "anonymous.number",
    check: (v, a) =>
      v === "" && !anonymousOn(a)
        ? undefined
        : /^[0-9*#+]{1,30}$/.test(v)
          ? undefined
          : `must be 1 to 30 of 0-9 * # +, got "${v}"`,
  },
  {
    key: "deactivateMaster",
    label: "Deactivate Master if no connection",
    kind: "checkbox",
    server: "anonymous.deactivateMaster",
  },
];

function valuesOf(g: Gatekeeper | null): Values {
  return {
    protocol: g?.protocol ?? "sip-udp",
    proxy: g?.proxy ?? "",
    altProxy1: g?.altProxies[0] ?? "",
    altProxy2: g?.altProxies[1] ?? "",
    altProxy3: g?.altProxies[2] ?? "",
    domain: textOf(g?.domain),
    maxInternalNumberLength: textOf(g?.maxInternalNumberLength),
    internationalCpnPrefix: textOf(g?.internationalCpnPrefix),
    registerWithSystemPassword: g?.registerWithSystemPassword ?? false,
    registrationTtlS: String(g?.registrationTtlS ?? 120),
    subscriptionTtlS: String(g?.subscriptionTtlS ?? 3600),
    registerWithNumber: g?.registerWithNumber ?? false,
    ignoreRetryAfter: g?.ignoreRetryAfter ?? false,
    redirection: g?.redirection ?? false,
    instanceId: g?.instanceId ?? false,
    temporaryFailure: String(g?.temporaryFailure ?? 480),
    localPort: String(g?.localPort ?? (g?.protocol === "sip-tls" ? 5061 : 5060)),
    anonymousName: g?.anonymous?.name ?? "",
    anonymousNumber: g?.anonymous?.number ?? "",
    deactivateMaster: g?.anonymous?.deactivateMaster ?? false,
  };
}

/** The section as PUT /api/gatekeeper takes it. */
function sectionOf(v: Values): Record<string, unknown> {
  const anonymousName = optText(v["anonymousName"]);
  return compact({
    protocol: v["protocol"],
    proxy: optText(v["proxy"]),
    altProxies: [v["altProxy1"], v["altProxy2"], v["altProxy3"]].map(optText).filter((p) => p !== undefined),
    domain: optText(v["domain"]),
    maxInternalNumberLength: optNumber(v["maxInternalNumberLength"]),
    internationalCpnPrefix: optText(v["internationalCpnPrefix"]),
    registerWithSystemPassword: v["registerWithSystemPassword"] === true,
    registrationTtlS: optNumber(v["registrationTtlS"]),
    subscriptionTtlS: optNumber(v["subscriptionTtlS"]),
    registerWithNumber: v["registerWithNumber"] === true,
    ignoreRetryAfter: v["ignoreRetryAfter"] === true,
    redirection: v["redirection"] === true,
    instanceId: v["instanceId"] === true,
    temporaryFailure: Number(v["temporaryFailure"]),
    localPort: optNumber(v["localPort"]),
    anonymous:
      anonymousName === undefined
        ? undefined
        : {
            name: anonymousName,
            number: optText(v["anonymousNumber"]),
            deactivateMaster: v["deactivateMaster"] === true,
          },
  });
}

/**
 * DECT → Gatekeeper: §4.6.23 Configure Gatekeeper with the SIP options of §4.7.1 and §4.7.3.1, and §4.6.24
 * Registration for Anonymous Devices; pending until reset (§4.6.23 step 17). The manual has these on DECT → Master.
 */
export function GatekeeperPage({ canWrite, refresh }: PageProps): View {
  const gk = useLoad(() => get<GatekeeperAnswer>("/api/gatekeeper"));
  if (gk.error !== undefined) return html`<p class="error" role="alert">${gk.error.message}</p>`;
  if (gk.data === undefined) return html`<p role="status">Loading…</p>`;
  const shown = gk.data.pending ?? gk.data.running;
  const submit = async (v: Values) => {
    const section = sectionOf(v);
    if (section["proxy"] === undefined) await call("DELETE", "/api/gatekeeper");
    else await call("PUT", "/api/gatekeeper", { json: section });
    refresh();
    return PENDING_TEXT;
  };
  return html`${gk.data.pending === null ? null : html`<p class="note">Showing the settings that wait for a reset.</p>`}
    <${SettingsForm}
      title="Gatekeeper"
      specs=${SPECS}
      initial=${valuesOf(shown)}
      onSubmit=${canWrite ? submit : undefined}
    />`;
}
