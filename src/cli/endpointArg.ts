import { isIpv4 } from "../core/config/ipv4.js";
import { IpdectError } from "../core/errors.js";
import type { Endpoint } from "../wire/Transport.js";
import { CliCode } from "./errors.js";

/** `ip[:port]` of an option (`--air`, `--listen`, `ctl --node`), as an Endpoint; anything else is a usage error. */
export function endpointArg(text: string, option: string, defaultPort: number): Endpoint {
  const [ip = "", port = String(defaultPort), ...rest] = text.split(":");
  const n = Number(port);
  if (!isIpv4(ip) || rest.length > 0 || !/^\d+$/.test(port) || n < 1 || n > 65535)
    throw new IpdectError(CliCode.Usage, `--${option} must be <IPv4>[:<port 1..65535>], not ${text}`);
  return { ip, port: n };
}
