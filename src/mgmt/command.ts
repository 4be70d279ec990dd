import type { AccessLevel } from "../auth/levels.js";
import type { Principal } from "../auth/Principal.js";
import { InternalError } from "../core/errors.js";
import type { Device } from "../device/Device.js";
import type { DeviceEvent } from "../role/EventLog.js";
import type { FieldType } from "./route.js";
import { MgmtCode } from "./errors.js";
import type { Static, TSchema } from "./schema.js";

/**
 * One operator command (docs/design.md "Operator commands"): the HTTP route of the management API, its `ipdect ctl`
 * word and its fleet-file form, in one entry. `src/mgmt/commands/` holds the table; `handleApi`, `ipdect ctl` and
 * the fleet's `command` faults all read it.
 */

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a command runs against in a fleet file: the device alone. */
export interface DeviceTarget {
  readonly device: Device;
}

/** What a command runs against over HTTP: the device, who is calling and the device's recent events. */
export interface NodeTarget extends DeviceTarget {
  readonly principal: Principal;
  /** Recent events of this device, oldest first. */
  readonly events: () => readonly DeviceEvent[];
  /** The device's metrics in the Prometheus text format, where the world renders them (real nodes). */
  readonly metrics?: () => Promise<string>;
}

/** How `ipdect ctl` gives a parameter. */
export type CtlSource =
  /** The next positional word (`<mac>`); with `file`, it names a file whose text is the value. */
  | { readonly positional: string; readonly file?: true }
  /** Every remaining positional word, at least one (`<primary SARI> [<guest SARI>...]`). */
  | { readonly rest: string }
  /** `--option <value>`; with `file`, the value names a file whose text is the value. */
  | { readonly option: string; readonly value: string; readonly file?: true }
  /** `--flag` alone: the parameter's text is `true` when it is given (`ipdect ctl alarms --system`). */
  | { readonly flag: string };

/** How a fleet-file `command` fault gives a parameter. */
export type FleetSource =
  /** The fault's key; with `device`, the key names a device of the fleet and the parameter gets its MAC. */
  | { readonly key: string; readonly device?: true }
  /** Always this value (the fleet's reset is immediate). */
  | { readonly fixed: string };

/** One parameter of a command: where the API reads it, how it is checked, and how ctl and fleet files give it. */
export interface Param<T> {
  /**
   * A `:name` path segment, a query value, a field of the JSON object body, the whole text body, or the whole body
   * as bytes (`bytes`: a binary upload, a DER certificate or a PKCS#12 file).
   */
  readonly in: "path" | "query" | "json" | "body" | "bytes";
  /** path: the segment's pattern (a regular expression source). */
  readonly pattern?: string;
  /** json: the field's shape (its `?` comes from `optional`). */
  readonly shape?: "string" | "number" | "string[]";
  /**
   * body: the media type of the text (default text/plain) and, for a JSON document, its schema, which the HTTP API
   * checks before `read` runs; bytes: the media type of the upload (default application/octet-stream).
   */
  readonly media?: string;
  readonly schema?: TSchema;
  /** What the parameter is, for the OpenAPI document. */
  readonly description?: string;
  /** Absent is allowed: the command gets undefined. */
  readonly optional?: true;
  /** query: the value when the request has none (ctl sends it too). */
  readonly default?: string;
  /**
   * The raw value (decoded path segment, query text, JSON field of its shape, body text or bytes) checked and converted;
   * throws the API's DecodeError. `key` is the name the caller used (API field or fleet-file key).
   */
  readonly read: (raw: never, key: string) => T;
  readonly ctl?: CtlSource;
  readonly fleet?: FleetSource;
}

type Params = Readonly<Record<string, Param<unknown>>>;

/** The checked arguments of a command, by parameter name. */
export type ArgsOf<P extends Params> = { readonly [K in keyof P]: P[K] extends Param<infer T> ? T : never };

/** The arguments of any command (the table's entries, with their types erased). */
export type Args = Readonly<Record<string, unknown>>;

/** What `ipdect ctl` sent, by parameter name: for the line that says what a command did. */
export type CtlArgs = Readonly<Record<string, unknown>>;

/** How `ipdect ctl` shows the answer. */
export interface CtlForm {
  /** The word, when not the entry's name: an entry that shares a word runs when one of its options is given. */
  readonly word?: string;
  /**
   * The answer for people: a table, a key/value block, or one line saying what the command did (`--json` prints the
   * JSON as the API answers it). Every entry with a ctl form has one, except those that answer a document.
   */
  readonly text?: (answer: unknown, args: CtlArgs) => string;
  /** `--out <file>` writes the answer to a file (`required`: always). */
  readonly out?: { readonly file: string; readonly required?: true };
  /** Entries (GETs without required parameters) whose answers ctl shows after this one's, each by its own text. */
  readonly also?: readonly string[];
}

/** An answer whose status depends on what the command did (else the entry's `status`). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** What `run` may answer: the body its response schema describes, or a Reply whose body it describes too. */
type Answer<R extends TSchema> = Static<R> | Reply | Promise<Static<R> | Reply>;

interface SpecBase<P extends Params, R extends TSchema> {
  /** The ctl word and the fleet-file command; API-only entries are named for tests and docs. */
  readonly name: string;
  /** One line, citing the manual. */
  readonly summary: string;
  readonly need: AccessLevel;
  readonly method: Method;
  /** `/api/radios/:mac`: a `:name` segment is the path parameter `name`. */
  readonly path: string;
  readonly params: P;
  /** The status of a success (default 200). */
  readonly status?: number;
  /** Other success statuses a Reply answers, with a body of the same `response` schema. */
  readonly replies?: readonly number[];
  /** The JSON Schema of a success's body (a document: its text); the OpenAPI document shows it, tests check it. */
  readonly response: R;
  /** The largest request body this command reads (default API_BODY_MAX): a firmware image is larger. */
  readonly maxBody?: number;
  /** Set for an answer that is a document, not JSON. */
  readonly contentType?: string;
  /**
   * A GET whose answer is costly and asked for often (status polled by every open GUI): it may be served again for
   * this long, unless the device reports an event or a command changes it first (mgmt/answerCache.ts).
   */
  readonly maxAgeMs?: number;
  /** Present: `ipdect ctl` has this command. */
  readonly ctl?: CtlForm;
}

/** An entry that runs only over HTTP (and ctl). */
interface NodeSpec<P extends Params, R extends TSchema> extends SpecBase<P, R> {
  readonly fleet?: undefined;
  /** Runs the command; answers the body (or a Reply). */
  readonly run: (on: NodeTarget, args: ArgsOf<P>) => Answer<R>;
}

/** An entry a fleet file may run too: it needs nothing but the device. */
interface FleetSpec<P extends Params, R extends TSchema> extends SpecBase<P, R> {
  readonly fleet: true;
  readonly run: (on: DeviceTarget, args: ArgsOf<P>) => Answer<R>;
}

/** A table entry: its spec with the argument types erased and the route compiled. */
export interface Command extends Omit<SpecBase<Params, TSchema>, "status"> {
  readonly status: number;
  /** Matches the request path; its named groups are the path parameters. */
  readonly route: RegExp;
  readonly run: (on: NodeTarget, args: Args) => unknown;
  /** Present: a fleet file may run this command. */
  readonly fleet?: (on: DeviceTarget, args: Args) => unknown;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `/api/radios/:mac` → /^\/api\/radios\/(?<mac>pattern of mac)$/. */
function compileRoute(path: string, params: Params): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return escape(segment);
      const p = params[segment.slice(1)];
      if (p?.in !== "path" || p.pattern === undefined)
        throw new InternalError(MgmtCode.CommandPath, `${path}: no path parameter ${segment}`);
      return `(?<${segment.slice(1)}>${p.pattern})`;
    })
    .join("\\/");
  return new RegExp(`^${source}$`);
}

/** Defines a table entry. */
export function command<P extends Params, R extends TSchema>(spec: NodeSpec<P, R> | FleetSpec<P, R>): Command {
  const base = { ...spec, status: spec.status ?? 200, route: compileRoute(spec.path, spec.params) };
  if (spec.fleet === undefined) return { ...base, run: spec.run as Command["run"], fleet: undefined };
  const run = spec.run as NonNullable<Command["fleet"]>;
  return { ...base, run, fleet: run };
}

/** The shape jsonBody checks for a JSON parameter. */
export function fieldType(p: Param<unknown>): FieldType {
  const shape = p.shape ?? "string";
  return p.optional === true ? `${shape}?` : shape;
}

/** Reads one parameter from its raw value: absent → its default, else undefined; present → checked. */
export function readParam(p: Param<unknown>, raw: unknown, key: string): unknown {
  const value = raw ?? p.default;
  return value === undefined || value === null ? undefined : p.read(value as never, key);
}
