import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import type { PariOverview } from "../pari/overview.js";
import { overviewText } from "../pari/overviewTable.js";
import { PORTS } from "../wire/ports.js";
import type { SyncOverview } from "../sync/overview.js";
import { syncTreeText } from "../sync/overviewText.js";
import type { LdapServerReport } from "../ldap/LdapService.js";
import { ldapStatusText } from "../ldap/statusText.js";
import { replicatorStatusText } from "../replication/statusText.js";
import type { GatekeeperStatus } from "../sip/Gatekeeper.js";
import type { RegistrationStatus } from "../sip/registration.js";
import { gatekeeperText, registrationsText } from "../sip/statusText.js";
import { CliCode } from "./errors.js";

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
      json: { type: "boolean", default: false },
      name: { type: "string" },
      standby: { type: "string" },
      region: { type: "string" },
      out: { type: "string" },
      subscription: { type: "string" },
      ac: { type: "string" },
      "logout-code": { type: "string" },
      state: { type: "string" },
    },
  });
  if (values.node === undefined) throw new IpdectError(CliCode.Usage, "ipdect ctl needs --node <ip[:port]>");
  const base = `http://${values.node.includes(":") ? values.node : `${values.node}:${PORTS.HTTP}`}`;
  const [command, ...args] = positionals;
  const call = (method: string, path: string, body?: string, show?: (json: unknown) => string) =>
    request(base, method, path, values.user, values.password, body, show);
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
    case "radios":
      return call("GET", "/api/radios", undefined, values.json ? undefined : (o) => overviewText(o as PariOverview));
    case "radio-add": {
      if (args.length !== 1 || values.name === undefined)
        throw new IpdectError(CliCode.Usage, "radio-add <mac> --name <device name> [--standby <ip>] [--region <n>]");
      const body = {
        mac: args[0],
        name: values.name,
        ...(values.standby === undefined ? {} : { standby: values.standby }),
        ...(values.region === undefined ? {} : { region: Number(values.region) }),
      };
      return call("POST", "/api/radios/add", JSON.stringify(body));
    }
    case "radio-delete":
      if (args.length !== 1) throw new IpdectError(CliCode.Usage, "radio-delete <mac>");
      return call("DELETE", `/api/radios/${encodeURIComponent(args[0]!)}`);
    case "radio-move":
      if (args.length !== 2) throw new IpdectError(CliCode.Usage, "radio-move <broken radio mac> <replacement mac>");
      return call("POST", "/api/radios/move", JSON.stringify({ from: args[0], to: args[1] }));
    case "sari":
      if (args.length === 0) throw new IpdectError(CliCode.Usage, "sari <primary SARI> [<guest SARI>...]");
      return call("PUT", "/api/pari/sari", JSON.stringify({ saris: args }));
    case "sip":
      return call("GET", "/api/sip", undefined, values.json ? undefined : (o) => gatekeeperText(o as GatekeeperStatus));
    case "sip-registrations":
      return call(
        "GET",
        `/api/sip/registrations${values.state === undefined ? "" : `?state=${encodeURIComponent(values.state)}`}`,
        undefined,
        values.json ? undefined : (o) => registrationsText(o as RegistrationStatus[]),
      );
    case "ldap-replicator":
      return call(
        "GET",
        "/api/ldap/replicator",
        undefined,
        values.json ? undefined : (o) => replicatorStatusText(o as Parameters<typeof replicatorStatusText>[0]),
      );
    case "users":
      return call("GET", "/api/users");
    case "users-import":
    case "anonymous-import":
      if (args.length !== 1) throw new IpdectError(CliCode.Usage, `${command} <file.csv>`);
      return call("POST", `/api/${command.split("-")[0]}/import`, readFileSync(args[0]!, "utf8"));
    case "users-export":
    case "anonymous-export":
      return values.out === undefined
        ? call("GET", `/api/${command.split("-")[0]}/export`)
        : download(base, `/api/${command.split("-")[0]}/export`, values.user, values.password, values.out);
    case "allow-subscription":
      if (args.length !== 1) throw new IpdectError(CliCode.Usage, "allow-subscription <number>");
      return call("POST", `/api/users/${encodeURIComponent(args[0]!)}/allow-subscription`);
    case "handsets":
      return call("GET", "/api/handsets");
    case "directory":
      return call("GET", "/api/directory");
    case "dect-system": {
      const change = {
        ...(values.subscription === undefined ? {} : { subscription: values.subscription }),
        ...(values.ac === undefined ? {} : { systemAc: values.ac }),
        ...(values["logout-code"] === undefined ? {} : { logoutCode: values["logout-code"] }),
      };
      return Object.keys(change).length === 0
        ? call("GET", "/api/dect/system")
        : call("PUT", "/api/dect/system", JSON.stringify(change));
    }
    case "sync":
      return call("GET", "/api/sync", undefined, values.json ? undefined : (o) => syncTreeText(o as SyncOverview));
    case "sync-svg":
      if (values.out === undefined) throw new IpdectError(CliCode.Usage, "sync-svg --out <file.svg>");
      return download(base, "/api/sync.svg", values.user, values.password, values.out);
    case "sync-resync":
    case "sync-clear":
      if (args.length !== 1) throw new IpdectError(CliCode.Usage, `${command} <region>`);
      return call("POST", `/api/sync/${command.slice(5)}`, JSON.stringify({ region: Number(args[0]) }));
    case "sync-carriers":
      if (args.length !== 1) throw new IpdectError(CliCode.Usage, "sync-carriers <1..10>");
      return call("PUT", "/api/sync/carriers", JSON.stringify({ carriers: Number(args[0]) }));
    case "disturbances":
      return call("GET", "/api/sync/disturbances");
    case "rfp-scan":
      return call("POST", "/api/radio/scan");
    case "ldap-server":
      return call(
        "GET",
        "/api/ldap/server",
        undefined,
        values.json ? undefined : (o) => ldapStatusText(o as LdapServerReport),
      );
    case "data-set":
      if (args.length !== 2) throw new IpdectError(CliCode.Usage, "data-set <key> <value>");
      return call("PUT", `/api/master/data/${encodeURIComponent(args[0]!)}`, args[1]);
    default:
      throw new IpdectError(CliCode.Usage, `unknown ctl command ${command ?? "(none)"}`);
  }
}

async function download(base: string, path: string, user: string, password: string, out: string): Promise<number> {
  const res = await fetch(base + path, { headers: { authorization: basic(user, password) } });
  const text = await res.text();
  if (!res.ok) {
    process.stdout.write(text);
    return 1;
  }
  writeFileSync(out, text);
  return 0;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

async function request(
  base: string,
  method: string,
  path: string,
  user: string,
  password: string,
  body?: string,
  show?: (json: unknown) => string,
): Promise<number> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: basic(user, password) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  process.stdout.write(res.ok && show !== undefined ? show(JSON.parse(text)) : text);
  return res.ok ? 0 : 1;
}
