import { ConfigError, DecodeError, InternalError, IoError, type ErrorClass, type IpdectError } from "../core/errors.js";

/** Whose fault an error is, by its class (docs/errors.md "HTTP status"); the first class it extends decides. */
const STATUS_BY_CLASS: readonly (readonly [ErrorClass, number])[] = [
  // The request or the configuration in it is wrong: fix it and send it again.
  [DecodeError, 400],
  [ConfigError, 400],
  // Flash, a socket or a server failed: the same request may work later.
  [IoError, 503],
  // Our bug.
  [InternalError, 500],
];

/** StateError and every other IpdectError: the request is valid, but the device's state does not allow it. */
const REFUSED = 409;

/** The HTTP status the API answers an error of class `c` with. */
export function httpStatusOfClass(c: ErrorClass): number {
  return STATUS_BY_CLASS.find(([base]) => c === base || c.prototype instanceof base)?.[1] ?? REFUSED;
}

/** The HTTP status the API answers `err` with: its class decides. */
export function httpStatusOf(err: IpdectError): number {
  return httpStatusOfClass(err.constructor as ErrorClass);
}
