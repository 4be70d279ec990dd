/**
 * Typed errors (docs/style.md §4). Every error carries a stable `code`; a user's bad input says where
 * (file, line, field) and why; a wrapped failure keeps its `cause`.
 */
export interface ErrorContext {
  /** File, device or message the problem was found in. */
  readonly source?: string;
  /** 1-based line number in `source`. */
  readonly line?: number;
  /** Field, option or path inside the input. */
  readonly field?: string;
  /** Byte offset in a binary input. */
  readonly offset?: number;
  readonly cause?: unknown;
}

export class IpdectError extends Error {
  readonly code: string;
  readonly context: ErrorContext;
  /** The message without the location prefix: for wrapping into an error that says where on its own terms. */
  readonly reason: string;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(IpdectError.#where(context) + message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.context = context;
    this.reason = message;
    this.name = new.target.name;
  }

  static #where(c: ErrorContext): string {
    const parts: string[] = [];
    if (c.source !== undefined) parts.push(c.line === undefined ? c.source : `${c.source}:${c.line}`);
    else if (c.line !== undefined) parts.push(`line ${c.line}`);
    if (c.field !== undefined) parts.push(c.field);
    if (c.offset !== undefined) parts.push(`offset ${c.offset}`);
    return parts.length === 0 ? "" : `${parts.join(": ")}: `;
  }
}

/** A value that does not parse: identities, frames, numbers. */
export class DecodeError extends IpdectError {}

/** Configuration (native text, YAML, fleet files) that is malformed or breaks a rule. */
export class ConfigError extends IpdectError {}

/**
 * Every error of one input at once (src/core/config/collect.ts), so a user fixes a file in one pass. The message is
 * the errors' messages, one a line, in the order of their lines; `errors` holds each with its own code.
 */
export class ConfigErrors extends ConfigError {
  readonly errors: readonly ConfigError[];

  constructor(code: string, errors: readonly ConfigError[]) {
    super(code, errors.map((e) => e.message).join("\n"));
    this.errors = errors;
  }
}

/** A request that the current state does not allow (e.g. "switch active mirror" on a non-mirror). */
export class StateError extends IpdectError {}

/** I/O failures of stores and transports. */
export class IoError extends IpdectError {}

/** Our own bug: an invariant that cannot be broken by input. */
export class InternalError extends IpdectError {}

/** The class a registered code is thrown as: IpdectError or one of its subclasses. */
export type ErrorClass = abstract new (...args: never[]) => IpdectError;

/** What an area's registry says about one code (docs/errors.md). */
export interface ErrorCodeSpec {
  /** The stable code string: tests, the HTTP API and users match on it, so it never changes. */
  readonly code: string;
  /** The class it is thrown as; the HTTP API's status follows it. */
  readonly class: ErrorClass;
  /** One line: what went wrong, citing the manual section or RFC where there is one. */
  readonly meaning: string;
}

/** A registered code with its area and the constant name throw sites use. */
export interface ErrorCodeEntry extends ErrorCodeSpec {
  readonly area: string;
  readonly name: string;
}

/** A registry as throw sites see it: constant name → code string. */
export type ErrorCodes<T extends Record<string, ErrorCodeSpec>> = { readonly [K in keyof T]: T[K]["code"] };

const TABLES = new WeakMap<object, readonly ErrorCodeEntry[]>();

/**
 * An area's registry of error codes (docs/style.md §12): a throw site names its code as `UsersCode.UserDuplicate`
 * and throws the class the entry gives; `errorTable` hands the entries to docs/errors.md and its test.
 */
export function errorCodes<const T extends Record<string, ErrorCodeSpec>>(area: string, specs: T): ErrorCodes<T> {
  const entries = Object.entries(specs).map(([name, spec]) => ({ area, name, ...spec }));
  const codes = Object.freeze(Object.fromEntries(entries.map((e) => [e.name, e.code])));
  TABLES.set(codes, entries);
  return codes as ErrorCodes<T>;
}

/** The entries of a registry made by `errorCodes`, in their order; undefined for any other value. */
export function errorTable(value: unknown): readonly ErrorCodeEntry[] | undefined {
  return typeof value === "object" && value !== null ? TABLES.get(value) : undefined;
}
