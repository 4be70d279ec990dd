import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import { PORTS } from "../wire/ports.js";

/** `ipdect ctl`: the management API from the command line, against a running node. */
export async function ctl(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      node: { type: "string" },
      user: { type: "string", default: "admin" },
      password: { type: "string", default: process.env["IPDECT_PASSWORD"] ?? "changeme" },
      mode: { type: "string", default: "idle" },
      set: { type: "string" },
      since: { type: "string", default: "0" },
    },
  });
  if (values.node === undefined) throw new IpdectError("USAGE", "ipdect ctl needs --node <ip[:port]>");
  const base = `http://${values.node.includes(":") ? values.node : `${values.node}:${PORTS.HTTP}`}`;
  const [command, ...args] = positionals;
  const call = (method: string, path: string, body?: string) =>
    request(base, method, path, values.user, values.password, body);
  switch (command) {
    case "status":
      return call("GET", "/api/status");
    case "events":
      return call("GET", `/api/events?since=${encodeURIComponent(values.since)}`);
    case "activate-mirror":
      return call("POST", "/api/master/activate-mirror");
    case "switch-mirror":
      return call("POST", "/api/master/switch-mirror");
    case "reset":
      return call("POST", `/api/reset?mode=${encodeURIComponent(values.mode)}`);
    case "config":
      return values.set === undefined
        ? call("GET", "/api/config")
        : call("PUT", "/api/config", readFileSync(values.set, "utf8"));
    case "data-set":
      if (args.length !== 2) throw new IpdectError("USAGE", "data-set <key> <value>");
      return call("PUT", `/api/master/data/${encodeURIComponent(args[0]!)}`, args[1]);
    default:
      throw new IpdectError("USAGE", `unknown ctl command ${command ?? "(none)"}`);
  }
}

async function request(
  base: string,
  method: string,
  path: string,
  user: string,
  password: string,
  body?: string,
): Promise<number> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` },
    ...(body === undefined ? {} : { body }),
  });
  process.stdout.write(await res.text());
  return res.ok ? 0 : 1;
}
