import { canonicalName } from "./headerNames.js";
import { formatVia, parseVia, type Via } from "./via.js";
import type { SipRequest } from "./message.js";
import { SipParseError } from "./errors.js";
import { hasParam, paramName } from "./params.js";
import { splitTopLevel } from "./syntax.js";

/** Where a request came from: the transport's view, which the caller (owner of the socket) knows. */
export interface SipSource {
  readonly ip: string;
  readonly port: number;
  readonly transport: "udp" | "tcp" | "tls";
}

/**
 * The request with its top Via stamped as a server transport does on receipt: `received=<ip>` when the sent-by
 * host is not the source address (RFC 3261 §18.2.1) and, when the client asked with a valueless `rport`, `rport=<port>`
 * and `received` in any case (RFC 3581 §4). Responses built with responseTo copy it and so go back through NAT.
 * A top Via that does not parse is left alone.
 */
export function withReceived(req: SipRequest, from: Pick<SipSource, "ip" | "port">): SipRequest {
  const i = req.headers.findIndex((h) => canonicalName(h.name) === "via");
  if (i < 0) return req;
  const values = splitTopLevel(req.headers[i]!.value, ",");
  let via: Via;
  try {
    via = parseVia(values[0]!);
  } catch (e) {
    if (e instanceof SipParseError) return req;
    throw e;
  }
  const rport = hasParam(via.params, "rport");
  const sentBy = via.host.startsWith("[") ? via.host.slice(1, -1) : via.host;
  if (sentBy.toLowerCase() === from.ip.toLowerCase() && !rport) return req;
  const params = new Map(via.params);
  params.delete(paramName(params, "received") ?? "received");
  params.set("received", from.ip);
  if (rport) params.set(paramName(params, "rport")!, String(from.port));
  values[0] = formatVia({ ...via, params });
  return { ...req, headers: req.headers.with(i, { name: "via", value: values.join(", ") }) };
}
