import type { CommandFault } from "../sim/fleetCommands.js";
import { FLEET_COMMANDS } from "../sim/fleetCommands.js";
import type { LabDevice } from "./LabState.js";
import { basicAuth, type Login } from "./status.js";

/** How long a device may take to answer a command. */
const COMMAND_TIMEOUT_MS = 10_000;

/**
 * A `command` fault on the live lab: the same operator-command entry the sim runs in process (sim/fleetCommands.ts),
 * sent as its HTTP API request (path segments, query and JSON fields as the entry places them). The values were
 * checked when the file was read; a device key becomes that device's MAC, as in the sim.
 */
export async function sendCommandFault(
  f: CommandFault,
  on: LabDevice,
  macOf: (name: string) => string,
  login: Login,
): Promise<{ status: number; body: string }> {
  const c = FLEET_COMMANDS.find((x) => x.name === f.command)!;
  const values = Object.entries(c.params).flatMap(([k, p]) => {
    if (p.fleet === undefined) return [];
    if ("fixed" in p.fleet) return [[k, p.in, p.fleet.fixed] as const];
    const v = f[p.fleet.key];
    if (v === undefined) return [];
    return [[k, p.in, p.fleet.device === true ? macOf(v as string) : v] as const];
  });
  const segment = new Map(values.filter(([, at]) => at === "path").map(([k, , v]) => [`:${k}`, String(v)]));
  const path = c.path
    .split("/")
    .map((s) => (segment.has(s) ? encodeURIComponent(segment.get(s)!) : s))
    .join("/");
  const query = values
    .filter(([, at]) => at === "query")
    .map(([k, , v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
  const json = values.filter(([, at]) => at === "json").map(([k, , v]) => [k, v]);
  const text = values.find(([, at]) => at === "body")?.[2];
  const body =
    json.length > 0 ? JSON.stringify(Object.fromEntries(json)) : text === undefined ? undefined : String(text);
  const res = await fetch(`http://${on.ip}:${on.httpPort}${path}${query === "" ? "" : `?${query}`}`, {
    method: c.method,
    headers: {
      authorization: basicAuth(login),
      ...(json.length > 0 ? { "content-type": "application/json" } : {}),
    },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
}
