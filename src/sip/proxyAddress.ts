import { DecodeError } from "../core/errors.js";
import { show } from "../core/config/FieldReader.js";
import { isDnsName } from "../core/config/dnsName.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { SipCode } from "./errors.js";

/**
 * A SIP proxy address as §4.6.23 step 5/6 asks for it: "the IP address, domain name or host name and optionally
 * port of proxy (e.g. proxy1.example.com:5060)".
 */
export interface ProxyAddress {
  /** An IPv4 address or a DNS name, as written. */
  readonly host: string;
  /** 1..65535; absent: the protocol's port, or DNS SRV for a name (App. D.2). */
  readonly port?: number;
  /** The host is an IPv4 address, not a name to resolve. */
  readonly isIp: boolean;
}

const PORT_MAX = 65535;
/** `host` or `host:port`, the host an IPv4 address or a DNS name (isDnsName), the port 1..65535 without a sign. */
export function parseProxyAddress(text: string): ProxyAddress {
  const fail = (why: string): never => {
    throw new DecodeError(SipCode.ProxyAddress, `${show(text)} is not host or host:port: ${why}`);
  };
  // `sip:pbx` and `http://pbx` are URIs; `sip:5060` is the host `sip` with a port.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^sips?:(?!\d+$)/i.test(text)) fail("write the host and port without a URI scheme");
  const colon = text.lastIndexOf(":");
  const host = colon < 0 ? text : text.slice(0, colon);
  const portText = colon < 0 ? undefined : text.slice(colon + 1);
  if (host === "") fail("the host is missing");
  const isIp = isIpv4(host);
  if (!isIp && !isDnsName(host))
    fail(
      /^\[|^[0-9A-Fa-f]*:[0-9A-Fa-f:]*$/.test(host)
        ? "IPv6 addresses are not supported"
        : "the host must be an IPv4 address (127.0.0.1) or a DNS name of letters, digits, hyphens and dots",
    );
  if (portText === undefined) return { host, isIp };
  const port = /^[1-9]\d{0,4}$/.test(portText) ? Number(portText) : 0;
  if (port < 1 || port > PORT_MAX) fail(`the port must be a number from 1 to ${PORT_MAX}, got ${show(portText)}`);
  return { host, port, isIp };
}
