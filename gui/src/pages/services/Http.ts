import { call, get } from "../../api.js";
import { network, wholeNumber } from "../../checks.js";
import { SettingsForm, type FieldSpec, type Values } from "../../components/form.js";
import { filledRows, renumbered, rowCount, rowSpecs, rowValues, type RowList } from "../../components/rows.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import type { PageProps } from "../../page.js";
import { pendingNote, PENDING_TEXT, shownSection, type SectionAnswer } from "../../settings.js";

/** The http section (src/auth/settings.ts HttpSettings). */
interface Http {
  readonly port: number;
  readonly httpsPort: number;
  readonly forceHttps: boolean;
  readonly mutualTls: boolean;
  readonly noCache: boolean;
  readonly allowedStations: readonly { readonly network: string }[];
}

/** §4.9.3: HTTP on 80, HTTPS on 443, nothing else set: what a device without an http section has. */
const DEFAULTS: Http = {
  port: 80,
  httpsPort: 443,
  forceHttps: false,
  mutualTls: false,
  noCache: false,
  allowedStations: [],
};

/** §4.9.3 Allowed stations: "Network Base Address/ Network Base Mask … for example: 172.16.0.0/255.255.0.0". */
const STATIONS: RowList = {
  key: "stations",
  server: "allowedStations",
  label: "Allowed Station",
  fields: [
    {
      field: "network",
      label: "",
      kind: "text",
      check: network,
      hint: "Network Base Address/Network Base Mask, e.g. 172.16.0.0/255.255.0.0; none: every station.",
    },
  ],
};

/** What the node takes only when its process starts again, as a real device at its restart (docs/user-guide.md). */
const AT_START = ["port", "httpsPort", "forceHttps", "mutualTls"] as const;
const AT_START_TEXT = "In force when the device's process starts again, not at a reset.";

const httpPort = wholeNumber(0, 65_535);

const specs = (stations: number): FieldSpec[] => [
  {
    key: "port",
    label: "Port",
    kind: "number",
    check: httpPort,
    hint: `HTTP; 0: off (recommended in a secure system). ${AT_START_TEXT}`,
  },
  {
    key: "httpsPort",
    label: "HTTPS Port",
    kind: "number",
    check: (v, all) =>
      httpPort(v) ??
      (v === "0" && all["port"] === "0"
        ? "HTTP and HTTPS cannot both be off: the device could not be managed any more"
        : v !== "0" && v === all["port"]
          ? "must differ from Port"
          : undefined),
    hint: `0: off (not recommended). ${AT_START_TEXT}`,
  },
  {
    key: "forceHttps",
    label: "Force HTTPS",
    kind: "checkbox",
    check: (v, all) => (v === "true" && all["httpsPort"] === "0" ? "needs HTTPS: its port is 0" : undefined),
    hint: `Every HTTP request is redirected to HTTPS. ${AT_START_TEXT}`,
  },
  {
    key: "mutualTls",
    label: "Mutual TLS (MTLS)",
    kind: "checkbox",
    hint: `Browsers need a trusted client certificate (App. G, §4.1.10.1), else nobody gets in. ${AT_START_TEXT}`,
  },
  { key: "noCache", label: "No Cache", kind: "checkbox", hint: "Browsers are asked to store nothing." },
  ...rowSpecs(STATIONS, stations),
];

const valuesOf = (h: Http, stations: number): Values => ({
  port: String(h.port),
  httpsPort: String(h.httpsPort),
  forceHttps: h.forceHttps,
  mutualTls: h.mutualTls,
  noCache: h.noCache,
  ...rowValues(STATIONS, h.allowedStations, stations),
});

/**
 * Services → HTTP (§4.9.3): No Cache and the allowed stations wait for a reset; the ports, Force HTTPS and MTLS are in
 * force when the device's process starts again.
 */
export function HttpPage({ canWrite, refresh }: PageProps): View {
  const http = useLoad(() => get<SectionAnswer<Http>>("/api/http"));
  const wait = waiting(http);
  if (wait !== undefined) return wait;
  const h = shownSection(http.data!) ?? DEFAULTS;
  const stations = rowCount(STATIONS, h.allowedStations.length);
  const submit = async (v: Values) => {
    const rows = filledRows(STATIONS, v, stations);
    const next: Http = {
      port: Number(v["port"]),
      httpsPort: Number(v["httpsPort"]),
      forceHttps: v["forceHttps"] === true,
      mutualTls: v["mutualTls"] === true,
      noCache: v["noCache"] === true,
      allowedStations: rows.rows.map((r) => ({ network: String(r["network"]) })),
    };
    await call("PUT", "/api/http", { json: next }).catch((e: unknown) => {
      throw renumbered(STATIONS, rows.at, e);
    });
    refresh();
    const later = AT_START.some((k) => next[k] !== h[k]);
    return later ? `${PENDING_TEXT} The ports, Force HTTPS and MTLS when the process starts again.` : PENDING_TEXT;
  };
  return html`${pendingNote(http.data!.pending !== undefined)}
    <${SettingsForm}
      title="HTTP"
      specs=${specs(stations)}
      initial=${valuesOf(h, stations)}
      onSubmit=${canWrite ? submit : undefined}
    />`;
}
