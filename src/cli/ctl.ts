import { parseArgs } from "node:util";
import { IoError, IpdectError } from "../core/errors.js";
import type { Command } from "../mgmt/command.js";
import { PORTS } from "../wire/ports.js";
import {
  EXIT_OK,
  EXIT_REFUSED,
  printReplies,
  refusal,
  succeeded,
  unreachableText,
  type Answer,
  type Asked,
  type Printed,
  type Reply,
} from "./ctlAnswer.js";
import { CTL_FLAGS, CTL_OPTIONS, ctlAlso, ctlCommand, ctlOut, ctlRequest, type CtlRequest } from "./ctlCommands.js";
import { endpointArg } from "./endpointArg.js";
import { siteUpgrade } from "./siteUpgrade.js";
import { CliCode } from "./errors.js";
import { writeOutput } from "./outputFile.js";
import { readInput, readInputBytes } from "./readInput.js";

/**
 * `ipdect ctl`: the management API from the command line, against a running node. Every word is an entry of the
 * operator-command table (src/mgmt/commands, read by ctlCommands.ts); ctlAnswer.ts says what is printed.
 */
export async function ctl(argv: string[]): Promise<number> {
  // Not one device's command but the whole site's, over many devices' APIs (siteUpgrade.ts).
  if (argv[0] === "upgrade") return siteUpgrade(argv.slice(1));
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
  const { ip, port } = endpointArg(values.node, "node", PORTS.HTTP);
  const node = new NodeLink(`${ip}:${port}`, values.user, values.password);
  const out = ctlOut(command, values);
  const req = ctlRequest(command, words, values, readInput, readInputBytes);
  const asked: Asked = { json: values.json, user: values.user };
  const printed = await unlessUnreachable(() =>
    out === undefined ? show(node, command, req, asked) : download(node, command, req, asked, out),
  );
  process.stdout.write(printed.stdout);
  process.stderr.write(printed.stderr);
  return printed.exit;
}

/** The node's HTTP management port, with the login of every request (HTTP Basic, §4.1.6). */
class NodeLink {
  readonly #authorization: string;

  constructor(
    readonly address: string,
    user: string,
    password: string,
  ) {
    this.#authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  }

  /** The node's answer; a node that does not answer (refused, reset, no route) is a NODE_UNREACHABLE error. */
  async send(req: CtlRequest): Promise<Answer> {
    try {
      const res = await fetch(`http://${this.address}${req.path}`, {
        method: req.method,
        headers: {
          authorization: this.#authorization,
          ...(req.contentType === undefined ? {} : { "content-type": req.contentType }),
        },
        ...(req.body === undefined ? {} : { body: req.body }),
      });
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get("retry-after") ?? undefined };
    } catch (cause) {
      throw new IoError(CliCode.Unreachable, unreachableText(cause), {
        source: `cannot reach the node at ${this.address}`,
        cause,
      });
    }
  }
}

/** What `talk` prints; a node that does not answer is said so on stderr, exit 1 (the request was not done). */
async function unlessUnreachable(talk: () => Promise<Printed>): Promise<Printed> {
  try {
    return await talk();
  } catch (err) {
    if (!(err instanceof IpdectError && err.code === CliCode.Unreachable)) throw err;
    return { stdout: "", stderr: `error: ${err.message}\n`, exit: EXIT_REFUSED };
  }
}

/** The command's answer, and those of its `ctl.also` entries once it succeeded. */
async function show(node: NodeLink, c: Command, req: CtlRequest, asked: Asked): Promise<Printed> {
  const first: Reply = { command: c, args: req.args, answer: await node.send(req) };
  const more: Reply[] = [];
  for (const e of succeeded(first.answer) ? ctlAlso(c) : []) {
    const r = ctlRequest(e, [], {}, readInput, readInputBytes);
    more.push({ command: e, args: r.args, answer: await node.send(r) });
  }
  return printReplies([first, ...more], asked);
}

/** Writes the answer to `out` and says so; a refused request is printed instead. */
async function download(node: NodeLink, c: Command, req: CtlRequest, asked: Asked, out: string): Promise<Printed> {
  const answer = await node.send(req);
  if (!succeeded(answer)) return refusal({ command: c, args: req.args, answer }, asked);
  writeOutput(out, answer.body);
  return { stdout: `wrote ${out} (${Buffer.byteLength(answer.body)} bytes)\n`, stderr: "", exit: EXIT_OK };
}
