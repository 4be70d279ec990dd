import { ConfigError, ConfigErrors } from "../errors.js";
import { ConfigCode } from "./configCodes.js";

/**
 * A read given up because a value it depends on failed, whose error is already collected (e.g. a section that needs
 * the master section, when that one was wrong): reporting it again would be a second error for one mistake.
 */
export class Abandoned extends Error {}

/** The single errors inside `err`: a ConfigErrors' list, or `err` itself. */
export function errorsOf(err: unknown): readonly unknown[] {
  return err instanceof ConfigErrors ? err.errors : [err];
}

/**
 * Collects the ConfigErrors of independent reads: `attempt` runs one and, on a ConfigError, records it and answers
 * undefined so the next read goes on; `finish` throws what was collected.
 */
export class ErrorCollector {
  readonly #errors: ConfigError[] = [];

  get count(): number {
    return this.#errors.length;
  }

  attempt<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (e instanceof Abandoned) return undefined;
      if (!(e instanceof ConfigError)) throw e;
      this.#errors.push(...(errorsOf(e) as ConfigError[]));
      return undefined;
    }
  }

  /** Throws nothing when all reads went well, the error itself when there is one, else ConfigErrors by line. */
  finish(): void {
    if (this.#errors.length === 1) throw this.#errors[0]!;
    if (this.#errors.length > 1) {
      const line = (e: ConfigError) => e.context.line ?? Number.MAX_SAFE_INTEGER;
      throw new ConfigErrors(
        ConfigCode.Several,
        [...this.#errors].sort((a, b) => line(a) - line(b)),
      );
    }
  }
}
