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

/** A request that the current state does not allow (e.g. "switch active mirror" on a non-mirror). */
export class StateError extends IpdectError {}

/** I/O failures of stores and transports. */
export class IoError extends IpdectError {}

/** Our own bug: an invariant that cannot be broken by input. */
export class InternalError extends IpdectError {}
