import { Abandoned, type ErrorCollector } from "./collect.js";
import { ConfigCode } from "./configCodes.js";
import { isIpv4, isNetmask } from "./ipv4.js";
import { configErrorAt, type Locator, type Path } from "./Locator.js";
import { isPlainObject, type PlainObject } from "./plainObject.js";

/** Control characters (C0, DEL, C1) would break the one-command-per-line native form and the logs. */
const CONTROL = /\p{Cc}/u;

/**
 * Reads typed fields out of a plain object and throws a located ConfigError for the first broken rule.
 * A field that is missing, `undefined` or `null` (YAML `key:` with no value) counts as absent.
 * With a `collector`, the reader collects: `attempt` records the error of one independent read and goes on, and
 * `mapping` reports every unknown key, then gives up the rest of that mapping (a typo'd key would also read as a
 * missing one: a second error for one mistake); `all` then throws them all (ConfigErrors).
 */
export class FieldReader {
  readonly #at: Locator;
  readonly #collector: ErrorCollector | undefined;

  constructor(at: Locator, collector?: ErrorCollector) {
    this.#at = at;
    this.#collector = collector;
  }

  /**
   * One read that does not depend on the others: when collecting, its error is recorded and the answer is
   * undefined; otherwise the error is thrown.
   */
  attempt<T>(read: () => T): T | undefined {
    return this.#collector === undefined ? read() : this.#collector.attempt(read);
  }

  /** `read` as a whole: when collecting, everything it collected is thrown at its end (ErrorCollector.finish). */
  all<T>(read: () => T): T {
    const value = this.attempt(read);
    this.#collector?.finish();
    return value as T;
  }

  /**
   * Throws the ConfigError of a broken rule at `path`. `code` is a code registered with class ConfigError: the config
   * area's (ConfigCode) for the shared rules, or the role's own registry for a rule of its section (`<role>/errors.ts`).
   */
  fail(path: Path, code: string, message: string, cause?: unknown): never {
    throw configErrorAt(this.#at, path, code, message, cause);
  }

  /** The line the value at `path` came from, when the source has lines. */
  lineOf(path: Path): number | undefined {
    return this.#at.lineOf(path);
  }

  /** A mapping whose keys are all in `allowed` (typo protection). */
  mapping(value: unknown, path: Path, allowed: readonly string[]): PlainObject {
    if (!isPlainObject(value)) this.fail(path, ConfigCode.Type, `must be a mapping with keys ${allowed.join(", ")}`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.attempt(() =>
          this.fail([...path, key], ConfigCode.UnknownKey, `unknown key; allowed keys: ${allowed.join(", ")}`),
        );
      }
    }
    if (Object.keys(value).some((key) => !allowed.includes(key))) throw new Abandoned();
    return value;
  }

  /** The value at `path` in `obj`, or undefined when absent. */
  get(obj: PlainObject, path: Path): unknown {
    const key = path[path.length - 1];
    const value = typeof key === "string" && Object.hasOwn(obj, key) ? obj[key] : undefined;
    return value === null ? undefined : value;
  }

  required(obj: PlainObject, path: Path): unknown {
    const value = this.get(obj, path);
    if (value === undefined) this.fail(path, ConfigCode.Required, "required");
    return value;
  }

  /** `read` applied to the field at `path`, or undefined when the field is absent. */
  optional<T>(obj: PlainObject, path: Path, read: (value: unknown, path: Path) => T): T | undefined {
    const value = this.get(obj, path);
    return value === undefined ? undefined : read(value, path);
  }

  /** A non-empty single-line string without control characters. */
  text(value: unknown, path: Path): string {
    if (typeof value !== "string") this.fail(path, ConfigCode.Text, `must be a text, got ${show(value)}`);
    if (value === "") this.fail(path, ConfigCode.Text, "must not be empty");
    if (CONTROL.test(value))
      this.fail(path, ConfigCode.Text, "must not contain control characters (line breaks, tabs)");
    return value;
  }

  /** A text like `text`, for passwords: no message ever repeats the value (logs and HTTP answers show messages). */
  secret(value: unknown, path: Path): string {
    if (typeof value !== "string") this.fail(path, ConfigCode.Secret, "must be a text (quote it in YAML)");
    return this.text(value, path);
  }

  oneOf<T extends string>(value: unknown, path: Path, choices: readonly T[], code: string): T {
    if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
      this.fail(path, code, `must be one of ${choices.join(", ")}, got ${show(value)}`);
    }
    return value as T;
  }

  ipv4(value: unknown, path: Path): string {
    if (typeof value !== "string" || !isIpv4(value)) {
      this.fail(path, ConfigCode.Ipv4, `must be a dotted IPv4 address like 127.0.1.2, got ${show(value)}`);
    }
    return value;
  }

  netmask(value: unknown, path: Path): string {
    if (typeof value !== "string" || !isNetmask(value)) {
      this.fail(path, ConfigCode.Netmask, `must be a dotted subnet mask like 255.255.255.0, got ${show(value)}`);
    }
    return value;
  }

  /** An integer in min..max; `what` completes "must be …" in the message. */
  integer(value: unknown, path: Path, min: number, max: number, code: string, what: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, code, `must be ${what}, got ${show(value)}`);
    }
    return value === 0 ? 0 : value;
  }

  /** A finite number; -0 becomes 0 so equal positions compare equal. */
  finite(value: unknown, path: Path, code: string): number {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.fail(path, code, `must be a finite number, got ${show(value)}`);
    }
    return value === 0 ? 0 : value;
  }

  boolean(value: unknown, path: Path): boolean {
    if (typeof value !== "boolean") this.fail(path, ConfigCode.Type, `must be true or false, got ${show(value)}`);
    return value;
  }

  list(value: unknown, path: Path): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(path, ConfigCode.Type, `must be a list, got ${show(value)}`);
    return value;
  }
}

/** A short, safe rendering of a bad value for messages. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === undefined || value === null) return "nothing";
  return Array.isArray(value) ? "a list" : "a mapping";
}
