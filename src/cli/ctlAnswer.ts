import { LEVEL_NAMES, type AccessLevel } from "../auth/levels.js";
import { formatElapsed } from "../core/timeText.js";
import type { Command, CtlArgs } from "../mgmt/command.js";
import { wordOf } from "./ctlCommands.js";

/**
 * What `ipdect ctl` prints for an answer of the management API, and its exit code. No I/O here: ctl.ts sends the
 * requests and writes what this module gives. For people by default (each entry's `ctl.text`); `--json` prints the
 * API's JSON unchanged. Exit codes: 0 done, 1 the node refused the request (login, access level, the device's state)
 * or cannot be reached, 2 bad usage or input the node refuses as malformed (docs/style.md §4).
 */

/** One answer of the node. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  /** The Retry-After header (seconds) of a refused login (§3.4.5.1) or a session limit (§4.1.5). */
  readonly retryAfter?: string | undefined;
}

/** One entry's answer, with what ctl sent for it. */
export interface Reply {
  readonly command: Command;
  readonly args: CtlArgs;
  readonly answer: Answer;
}

/** What ctl prints, and its exit code. */
export interface Printed {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
}

/** How the caller asked: `--json`, and the user name it logged in with (the messages of a refused login name it). */
export interface Asked {
  readonly json: boolean;
  readonly user: string;
}

export const EXIT_OK = 0;
/** The node refused the request, or could not be reached. */
export const EXIT_REFUSED = 1;
/** Bad usage (main.ts), or input the node refuses as malformed. */
export const EXIT_BAD_INPUT = 2;

/** 400 the request does not parse or breaks a rule, 413 too large, 415 a body of the wrong type: the input is bad. */
const BAD_INPUT = new Set([400, 413, 415]);

/** A 2xx answer: the request was done. */
export const succeeded = (a: Answer): boolean => a.status >= 200 && a.status < 300;

/**
 * The answer of a command and of its `ctl.also` entries (`replies[0]` is the command's own). A refused command
 * prints its refusal; a refused `also` entry prints its reason in its place, and the command still succeeded.
 */
export function printReplies(replies: readonly Reply[], asked: Asked): Printed {
  const [first] = replies;
  if (!succeeded(first!.answer)) return refusal(first!, asked);
  if (asked.json) return { stdout: jsonOf(replies), stderr: "", exit: EXIT_OK };
  const parts = replies.map((r) =>
    succeeded(r.answer) ? shown(r) : `${wordOf(r.command)}: ${reasonOf(r, asked.user)}\n`,
  );
  return { stdout: parts.join("\n"), stderr: "", exit: EXIT_OK };
}

/** One answer as JSON, unchanged; several as one object by entry name (a word with `ctl.also`). */
function jsonOf(replies: readonly Reply[]): string {
  if (replies.length === 1) return replies[0]!.answer.body;
  const all = Object.fromEntries(replies.map((r) => [r.command.name, parsed(r.answer.body) ?? r.answer.body]));
  return `${JSON.stringify(all, null, 2)}\n`;
}

/** A successful answer for people: a document as it is, JSON as the entry's text writes it. */
function shown(r: Reply): string {
  const text = r.command.ctl?.text;
  const json = r.command.contentType === undefined ? parsed(r.answer.body) : undefined;
  return text === undefined || json === undefined ? r.answer.body : text(json, r.args);
}

const parsed = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

/** A refused request: its reason on stderr (the JSON on stdout with `--json`), exit 1, or 2 for bad input. */
export function refusal(r: Reply, asked: Asked): Printed {
  const exit = BAD_INPUT.has(r.answer.status) ? EXIT_BAD_INPUT : EXIT_REFUSED;
  if (asked.json) return { stdout: r.answer.body, stderr: "", exit };
  const rows = errorOf(r.answer).rejected.map((x) => `  row ${x.row}: ${x.reason}\n`);
  return { stdout: "", stderr: `error: ${reasonOf(r, asked.user)}\n${rows.join("")}`, exit };
}

/** The API's error answer `{ error: { code, message } }` (a CSV import adds its refused rows, §3.14.3). */
interface ApiError {
  readonly code?: string;
  readonly message: string;
  readonly rejected: readonly { readonly row: number; readonly reason: string }[];
}

function errorOf(a: Answer): ApiError {
  const body = parsed(a.body) as
    { error?: { code?: string; message?: string }; rejected?: ApiError["rejected"]; message?: string } | undefined;
  const error = body?.error;
  const message = error?.message ?? body?.message ?? (a.body.trim() || `HTTP status ${a.status}`);
  return {
    ...(error?.code === undefined ? {} : { code: error.code }),
    message,
    rejected: Array.isArray(body?.rejected) ? body.rejected : [],
  };
}

/** "an Auditor or a System Administrator" (§3.4.2: a System Administrator may do everything). */
function whoMay(need: AccessLevel): string {
  const one = `${need === "auditor" ? "an" : "a"} ${LEVEL_NAMES[need]}`;
  return need === "system-admin" ? one : `${one} or a System Administrator`;
}

/** Retry-After seconds, for people: "5s", "30m 00s". */
const retryText = (a: Answer): string | undefined => {
  const s = Number(a.retryAfter);
  return a.retryAfter === undefined || !Number.isFinite(s) ? undefined : formatElapsed(s * 1000);
};

/** Why the node refused `r`, in a sentence that names the user, the level or the field. */
function reasonOf(r: Reply, user: string): string {
  const e = errorOf(r.answer);
  const retry = retryText(r.answer);
  const status = r.answer.status;
  if (status === 401 && e.code === "UNAUTHORIZED")
    return (
      `wrong user name or password for ${user}` +
      (retry === undefined ? "" : `; ${user} is now blocked for ${retry} (§3.4.5.1)`)
    );
  if (status === 401 && e.code === "LOGIN_BLOCKED")
    return (
      `${user} is blocked after a failed login (§3.4.5.1)` + (retry === undefined ? "" : `: try again in ${retry}`)
    );
  if (status === 401) return `login refused for ${user}: ${e.message}`;
  if (status === 403 && e.code === "FORBIDDEN")
    return `${wordOf(r.command)} needs ${whoMay(r.command.need)} (§3.4.2): ${user} may not run it`;
  if (status === 429) return e.message + (retry === undefined ? "" : `: try again in ${retry}`);
  return e.code === undefined ? e.message : `${e.message} [${e.code}]`;
}

/** Why a request got no answer, for people. */
export function unreachableText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = UNREACHABLE[cause?.code ?? ""] ?? cause?.message ?? (err as Error).message;
  return `${why} (--node takes the node's IP address and HTTP port)`;
}

const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused: nothing listens there",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "no route to the network",
  ETIMEDOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection closed before an answer",
};
