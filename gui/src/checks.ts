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

/** A TCP or UDP port, 1 to 65535 (App. H); `optional`: empty is the default. */
export const port = (optional = false): Check => wholeNumber(1, 65_535, optional);

/** A second entry of a secret that must equal the field `key` (its label `label`): Retype Password, Confirm Password. */
export const sameAs =
  (key: string, label: string) =>
  (v: string, all: Readonly<Record<string, string | boolean>>): string | undefined =>
    v === all[key] ? undefined : `does not match ${label}`;

const NETMASK = (m: string) =>
  IPV4.test(m) &&
  /^1*0*$/.test(
    m
      .split(".")
      .map((o) => Number(o).toString(2).padStart(8, "0"))
      .join(""),
  );

/** A network as `a.b.c.d/len` or `a.b.c.d/m.m.m.m` (§4.9.3 "172.16.0.0/255.255.0.0"); a bare address is /32. */
export const network: Check = (v) => {
  const [address = "", suffix = "32", more] = v.split("/");
  const ok =
    more === undefined && IPV4.test(address) && ((/^\d{1,2}$/.test(suffix) && Number(suffix) <= 32) || NETMASK(suffix));
  return ok ? undefined : `must be a network such as 172.16.0.0/255.255.0.0 or 172.16.0.0/16, got "${v}"`;
};

/** An IPv4 address or a DNS name: labels of letters, digits and inner hyphens (RFC 1123 §2.1), not all digits. */
const isHost = (h: string): boolean =>
  IPV4.test(h) || (!/^[\d.]+$/.test(h) && h.split(".").every((l) => /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/.test(l)));

/** An IPv4 address or a DNS name (§4.1.9 Time Server: "IP address or fully qualified domain name"). */
export const host =
  (optional = false): Check =>
  (v) =>
    (optional && v === "") || isHost(v) ? undefined : `must be an IPv4 address or a DNS name, got "${v}"`;

/** `host` or `host:port`: an IPv4 address or a DNS name (§4.5.3 Server). */
export const hostPort =
  (optional = false): Check =>
  (v) => {
    if (optional && v === "") return undefined;
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(v);
    const portOk = m?.[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 65_535);
    return m !== null && isHost(m[1]!) && portOk
      ? undefined
      : `must be an address or DNS name, optionally with :port, got "${v}"`;
  };

/** An LDAP filter (RFC 4515): one item in parentheses that pair up; the device checks the rest. */
export const ldapFilter: Check = (v) => {
  let depth = 0;
  let closedEarly = false;
  for (let i = 0; i < v.length; i++) {
    depth += v[i] === "(" ? 1 : v[i] === ")" ? -1 : 0;
    if (depth <= 0 && i < v.length - 1) closedEarly = true;
  }
  return v.startsWith("(") && depth === 0 && !closedEarly
    ? undefined
    : `must be an LDAP filter in parentheses such as (objectclass=user), got "${v}"`;
};

/** An IPv4 address, optionally with `:port` (§4.9.5 Trap Destinations). */
export const ipv4Port: Check = (v) => {
  const [address = "", p, more] = v.split(":");
  return IPV4.test(address) && more === undefined && (p === undefined || port()(p) === undefined)
    ? undefined
    : `must be an IPv4 address, optionally with :port, got "${v}"`;
};
