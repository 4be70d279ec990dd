import { writeFileSync } from "node:fs";
import { readInput, readInputBytes } from "./readInput.js";
import { parseArgs } from "node:util";
import { IpdectError } from "../core/errors.js";
import { PORTS } from "../wire/ports.js";
import { CTL_FLAGS, CTL_OPTIONS, ctlCommand, ctlOut, ctlRequest, type CtlRequest } from "./ctlCommands.js";
import { CliCode } from "./errors.js";

/**
 * `ipdect ctl`: the management API from the command line, against a running node. Every word is an entry of the
 * operator-command table (src/mgmt/commands, read by ctlCommands.ts).
 */
export async function ctl(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      node: { type: "string" },
      user: { type: "string", default: "admin" },
      password: { type: "string", default: process.env["IPDECT_PASSWORD"] ?? "changeme" },
      json: { type: "boolean", default: false },
      out: { type: "string" },
      ...Object.fromEntries(CTL_OPTIONS.map((o) => [o, { type: "string" as const }])),
      ...Object.fromEntries(CTL_FLAGS.map((o) => [o, { type: "boolean" as const }])),
    },
  });
  const [word, ...words] = positionals;
  const command = ctlCommand(word, values);
  if (values.node === undefined) throw new IpdectError(CliCode.Usage, "ipdect ctl needs --node <ip[:port]>");
  const base = `http://${values.node.includes(":") ? values.node : `${values.node}:${PORTS.HTTP}`}`;
  const out = ctlOut(command, values);
  const req = ctlRequest(command, words, values, readInput, readInputBytes);
  const login = { user: values.user, password: values.password };
  if (out !== undefined) return download(base, req, login, out);
  const text = command.ctl?.text;
  return request(base, req, login, values.json || text === undefined ? undefined : text);
}

interface Login {
  readonly user: string;
  readonly password: string;
}

const send = (base: string, req: CtlRequest, login: Login) =>
  fetch(base + req.path, {
    method: req.method,
    headers: { authorization: `Basic ${Buffer.from(`${login.user}:${login.password}`).toString("base64")}` },
    ...(req.body === undefined ? {} : { body: req.body }),
  });

/** Writes the answer to `out`; an error answer is printed instead. */
async function download(base: string, req: CtlRequest, login: Login, out: string): Promise<number> {
  const res = await send(base, req, login);
  const text = await res.text();
  if (!res.ok) {
    process.stdout.write(text);
    return 1;
  }
  writeFileSync(out, text);
  return 0;
}

/** Prints the answer: as `show` writes it, or as it came. */
async function request(base: string, req: CtlRequest, login: Login, show?: (json: unknown) => string): Promise<number> {
  const res = await send(base, req, login);
  const text = await res.text();
  process.stdout.write(res.ok && show !== undefined ? show(JSON.parse(text)) : text);
  return res.ok ? 0 : 1;
}
