/**
 * Checks of the forms, with the manual's limits. Each answers what is wrong without the field's name (the form puts the
 * label in front) or undefined; the device checks again with the same rules and has the last word.
 */
export type Check = (value: string) => string | undefined;

export const required: Check = (v) => (v.trim() === "" ? "must be filled in" : undefined);

/** A whole number from `min` to `max`; `optional`: empty is allowed. */
export const wholeNumber =
  (min: number, max: number, optional = false): Check =>
  (v) => {
    if (optional && v.trim() === "") return undefined;
    const n = Number(v);
    return /^\s*-?\d+\s*$/.test(v) && n >= min && n <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}, got "${v}"`;
  };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 address; `optional`: empty is allowed. */
export const ipv4 =
  (optional = false): Check =>
  (v) =>
    (optional && v === "") || IPV4.test(v) ? undefined : `must be an IPv4 address such as 192.168.0.1, got "${v}"`;

/** At most `max` characters of `allowed` (a character class), at least one. */
export const chars =
  (max: number, allowed: RegExp, described: string, optional = false): Check =>
  (v) => {
    if (optional && v === "") return undefined;
    if (v.length === 0) return "must be filled in";
    if (v.length > max) return `has ${v.length} characters; the maximum is ${max}`;
    return allowed.test(v) ? undefined : `may hold only ${described}`;
  };

/** The first problem of several checks. */
export const all =
  (...checks: Check[]): Check =>
  (v) => {
    for (const c of checks) {
      const why = c(v);
      if (why !== undefined) return why;
    }
    return undefined;
  };

/** §4.6.1, §3.4.5.2: the characters of the DECT system password and the administrator password. */
export const PASSWORD_CHARS = /^[A-Za-z0-9!#$%&'()*+,\-.:;<=>?@[\]^_`{|}~]+$/;
export const PASSWORD_CHARS_TEXT = "a-z A-Z 0-9 !#$%&'()*+,-.:;<=>?@[]^_`{|}~";
