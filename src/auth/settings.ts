import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { inNetworks, parseNetwork } from "../core/config/ipv4.js";
import { flag, number, text, type NativeModule } from "../core/config/nativeModule.js";
import type { ConfigSection } from "../role/configSection.js";
import { AuthCode } from "./errors.js";
import { BOOLEAN, integer, listOf, mappingOf, TEXT } from "../core/config/schema.js";

/** §4.9.3: "Traditionally … http protocol (default port 80)"; "https protocol (default port 443)". */
export const DEFAULT_HTTP_PORT = 80;
export const DEFAULT_HTTPS_PORT = 443;
const PORT_MAX = 65535;

/**
 * Services → HTTP (§4.9.3): which web access the device allows. A port of 0 turns that protocol off (§4.9.3 recommends
 * HTTP off in a secure system, §2.2.1). "Disable HTTP basic authentication" is §4.1.6's switch (admin settings
 * `disableNativeAuth`): with it, logins go through the form (there is no Digest). "Password protect all HTTP pages"
 * is not a setting: every route but the login page needs a login (docs/gui.md).
 */
export interface HttpSettings {
  /** HTTP port; 0: no HTTP ("Unable to connect"). */
  readonly port: number;
  /** HTTPS port; 0: no HTTPS (not recommended). */
  readonly httpsPort: number;
  /** Force HTTPS: every HTTP request is redirected to HTTPS, none is served over HTTP. */
  readonly forceHttps: boolean;
  /**
   * "Mutual TLS (MTLS)": HTTPS asks clients for a certificate (validated against the trust list); with §4.1.7
   * "Require User Certificate" it must name the user. Applies when the node starts its HTTPS server.
   */
  readonly mutualTls: boolean;
  /** "No Cache": every answer asks the browser not to store it (`Cache-Control: no-store`). */
  readonly noCache: boolean;
  /**
   * "Allowed stations": only clients in one of these networks reach the web server (its connection is closed
   * before a byte is read); empty: every client. Each is `a.b.c.d/m.m.m.m` as the manual writes it, or `a.b.c.d/len`.
   */
  readonly allowedStations: readonly { readonly network: string }[];
}

export const DEFAULT_HTTP: HttpSettings = {
  port: DEFAULT_HTTP_PORT,
  httpsPort: DEFAULT_HTTPS_PORT,
  forceHttps: false,
  mutualTls: false,
  noCache: false,
  allowedStations: [],
};

const HTTP_KEYS = ["port", "httpsPort", "forceHttps", "mutualTls", "noCache", "allowedStations"] as const;

/** §4.9.3 "Allowed stations": whether a client at `address` may reach the web server. */
export function stationAllowed(http: HttpSettings, address: string): boolean {
  return inNetworks(
    http.allowedStations.map((s) => parseNetwork(s.network)!),
    address.replace(/^::ffff:/, ""),
  );
}

function readStation(r: FieldReader, value: unknown, path: Path): { network: string } {
  const o = r.mapping(value, path, ["network"]);
  const network = r.text(r.required(o, [...path, "network"]), [...path, "network"]);
  if (parseNetwork(network) === undefined)
    r.fail([...path, "network"], AuthCode.HttpStation, `must be a.b.c.d/m.m.m.m or a.b.c.d/len, got ${network}`);
  return { network };
}

function readHttp(r: FieldReader, value: unknown, path: Path): HttpSettings {
  const o = r.mapping(value, path, HTTP_KEYS);
  const at = (key: string): Path => [...path, key];
  const port = (key: string, fallback: number) =>
    r.optional(o, at(key), (v, p) =>
      r.integer(v, p, 0, PORT_MAX, AuthCode.HttpPort, `a TCP port from 1 to ${PORT_MAX}, or 0 for off (§4.9.3)`),
    ) ?? fallback;
  const http: HttpSettings = {
    port: port("port", DEFAULT_HTTP_PORT),
    httpsPort: port("httpsPort", DEFAULT_HTTPS_PORT),
    forceHttps: r.optional(o, at("forceHttps"), (v, p) => r.boolean(v, p)) ?? false,
    mutualTls: r.optional(o, at("mutualTls"), (v, p) => r.boolean(v, p)) ?? false,
    noCache: r.optional(o, at("noCache"), (v, p) => r.boolean(v, p)) ?? false,
    allowedStations:
      r.optional(o, at("allowedStations"), (v, p) => r.list(v, p).map((d, i) => readStation(r, d, [...p, i]))) ?? [],
  };
  if (http.port === 0 && http.httpsPort === 0)
    r.fail(path, AuthCode.HttpPorts, "HTTP and HTTPS cannot both be off: the device could not be managed any more");
  if (http.port !== 0 && http.port === http.httpsPort)
    r.fail(at("httpsPort"), AuthCode.HttpPorts, `HTTP and HTTPS cannot share port ${http.port}`);
  if (http.forceHttps && http.httpsPort === 0)
    r.fail(at("forceHttps"), AuthCode.HttpPorts, "Force HTTPS needs HTTPS: its port is 0 (off)");
  return http;
}

/**
 * HTTP0 and HTTPNET0: the `http` section in the native text form (the option names are this project's; the manual
 * has none).
 */
const HTTP_NATIVE: NativeModule = {
  module: "HTTP0",
  label: "HTTP0",
  section: "http",
  formatVerb: "change",
  always: false,
  options: [
    number("/port", "port", DEFAULT_HTTP_PORT),
    number("/https-port", "httpsPort", DEFAULT_HTTPS_PORT),
    flag("/force-https", "forceHttps", true, false),
    flag("/allow-http", "forceHttps", false, false),
    flag("/mtls", "mutualTls", true, false),
    flag("/no-mtls", "mutualTls", false, false),
    flag("/no-cache", "noCache", true, false),
    flag("/cache", "noCache", false, false),
  ],
};

const HTTP_STATIONS_NATIVE: NativeModule = {
  module: "HTTPNET0",
  label: "HTTPNET0",
  section: "http.allowedStations",
  list: true,
  formatVerb: "add",
  always: false,
  options: [text("/net", "network")],
};

/** The `http` section of the device configuration; absent: DEFAULT_HTTP. */
export const HTTP_SECTION: ConfigSection<"http", HttpSettings> = {
  key: "http",
  schema: mappingOf(HTTP_KEYS, {
    port: integer(0, PORT_MAX),
    httpsPort: integer(0, PORT_MAX),
    forceHttps: BOOLEAN,
    mutualTls: BOOLEAN,
    noCache: BOOLEAN,
    allowedStations: listOf(mappingOf(["network"], { network: TEXT }, ["network"])),
  }),
  read: (r, value, path) => readHttp(r, value, path),
  native: [HTTP_NATIVE, HTTP_STATIONS_NATIVE],
};
