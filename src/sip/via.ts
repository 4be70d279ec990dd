import { SipParseError, shown } from "./errors.js";
import { formatHostPort, parseHostPort } from "./host.js";
import { formatParams, HEADER_PARAMS, parseParams } from "./params.js";
import { splitTopLevel } from "./syntax.js";

/** One Via value (RFC 3261 §20.42): transport in upper case, sent-by host and port, params (branch, received, rport). */
export interface Via {
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly params: ReadonlyMap<string, string | undefined>;
}

/** sent-protocol = "SIP" SLASH "2.0" SLASH transport, then LWS and sent-by (RFC 3261 §25.1). */
const VIA_RE = /^SIP[ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*([A-Za-z0-9\-.!%*_+`'~]+)[ \t]+(.*)$/is;

const CTX = { field: "Via" };

/** Parses one Via value (split a Via header with headerValues first). `rport` may be valueless (RFC 3581 §3). */
export function parseVia(v: string): Via {
  const m = VIA_RE.exec(v.trim());
  if (m === null) throw new SipParseError(`"${shown(v)}" is not SIP/2.0/<transport> <host>`, CTX);
  const pieces = splitTopLevel(m[2]!, ";");
  const { host, port } = parseHostPort(pieces[0]!, CTX);
  const params = parseParams(pieces.slice(1), HEADER_PARAMS, CTX);
  return { transport: m[1]!.toUpperCase(), host, ...(port === undefined ? {} : { port }), params };
}

export function formatVia(v: Via): string {
  return `SIP/2.0/${v.transport} ${formatHostPort(v.host, v.port)}${formatParams(v.params)}`;
}
