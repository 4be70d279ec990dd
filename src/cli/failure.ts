import { inspect } from "node:util";
import { errorsOf } from "../core/config/collect.js";
import { InternalError, IoError, IpdectError } from "../core/errors.js";
import { EXIT_BAD_INPUT, EXIT_REFUSED } from "./ctlAnswer.js";
import { UpgradeCode } from "../upgrade/errors.js";
import { CliCode } from "./errors.js";

/**
 * The one place an error that ends an `ipdect` command becomes what the user sees (docs/style.md §4): one line
 * `error: …` saying what and where, and the exit code of docs/user-guide.md "Exit codes". The stack trace is for
 * developers only: `--debug` or IPDECT_DEBUG=1 prints it below that line.
 */
export function failure(err: unknown, command: string, debug: boolean): { stderr: string; exit: number } {
  // A file with several mistakes (a fleet file read whole) is one line per mistake.
  const each = errorsOf(err).map((e) => described(e, command));
  const exit = each[0]!.exit;
  const trace = debug ? `${inspect(err)}\n` : exit === EXIT_REFUSED ? "(--debug prints the stack trace)\n" : "";
  return { stderr: each.map((d) => `error: ${d.text}\n`).join("") + trace, exit };
}

/**
 * Failures at run time, not bad input (docs/user-guide.md "Errors and exit codes", exit 1): nothing answers (the node
 * of ctl), or the site upgrade of `ctl upgrade` could not go on (a site not healthy, a step not done, a device that
 * refuses or does not answer); the user guide's "Rolling upgrade" says a step that fails exits 1.
 */
const AT_RUN_TIME: ReadonlySet<string> = new Set([CliCode.Unreachable, ...Object.values(UpgradeCode)]);

/** Node's error of a system call (`bind`, `listen`, `open`): a code such as EADDRINUSE and what it was done on. */
interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly address?: string;
  readonly port?: number;
  readonly path?: string;
}

const isSystemError = (e: unknown): e is SystemError =>
  e instanceof Error && typeof (e as SystemError).syscall === "string" && typeof (e as SystemError).code === "string";

/** Why a port cannot be had, in the user's terms. */
const LISTEN_WHY: Readonly<Record<string, string>> = {
  EADDRINUSE: "the address and port are in use (another ipdect node, or another program, listens there)",
  EACCES: "permission denied (ports below 1024 need root: take high ports, e.g. --http-port 8080 --https-port 8443)",
  EADDRNOTAVAIL: "the address is not one of this host's",
};

function described(err: unknown, command: string): { text: string; exit: number } {
  if (err instanceof InternalError)
    return { text: `internal error (a bug of ipdect): ${err.message}`, exit: EXIT_REFUSED };
  if (err instanceof IpdectError)
    return { text: err.message, exit: AT_RUN_TIME.has(err.code) ? EXIT_REFUSED : EXIT_BAD_INPUT };
  const code = (err as { code?: unknown } | undefined)?.code;
  // node:util parseArgs: an unknown option, a missing or unexpected value, a positional the command does not take.
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
    const first = (err as Error).message.split(". ")[0]!;
    return {
      text: `${first.charAt(0).toLowerCase()}${first.slice(1)} (ipdect ${command} --help)`,
      exit: EXIT_BAD_INPUT,
    };
  }
  if (isSystemError(err) && (err.syscall === "bind" || err.syscall === "listen")) {
    const where = `${err.address ?? "?"}:${err.port ?? "?"}`;
    const listen = new IoError(CliCode.Listen, `cannot listen there: ${LISTEN_WHY[err.code] ?? err.code}`, {
      source: where,
      cause: err,
    });
    return { text: listen.message, exit: EXIT_BAD_INPUT };
  }
  if (isSystemError(err) && err.path !== undefined) return { text: err.message, exit: EXIT_BAD_INPUT };
  return { text: err instanceof Error ? err.message : String(err), exit: EXIT_REFUSED };
}
