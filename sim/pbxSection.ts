import type { Path } from "../src/core/config/Locator.js";
import { isIpv4 } from "../src/core/config/ipv4.js";
import type { SrvRecord } from "../src/sip/srv.js";
import { duration, mapping, type Fail } from "./fleetFields.js";
import { SimCode } from "./errors.js";
import { DURATION, integer, IPV4, listOf, mappingOf, TEXT, type JsonSchema } from "../src/core/config/schema.js";

/** A simulated PBX of a fleet: a SIP registrar on the in-memory network (docs/user-guide.md "PBXs in a fleet"). */
export interface PbxConfig {
  readonly name: string;
  readonly ip: string;
  /** UDP and TCP port; default 5060 (App. H). */
  readonly port: number;
  /** Digest realm; default "ipdect.sim". */
  readonly realm: string;
  /** Every user's password is `passwordPrefix` + Auth Name, or `password` for all (Registration with system password). */
  readonly password?: string;
  readonly passwordPrefix?: string;
  readonly minExpires: number;
  /** Answers leave this long after the request arrives (a slow PBX). */
  readonly answerDelayMs: number;
  /** Another PBX of the fleet this one redirects registrations to (302) while that one is up (§4.7.1.2). */
  readonly redirectTo?: string;
}

/** Names the sim's resolver answers for devices with DNS servers configured (App. D.2). */
export interface DnsSection {
  readonly srv: readonly (SrvRecord & { readonly service: string })[];
  readonly a: ReadonlyMap<string, readonly string[]>;
}

const PBX_KEYS = [
  "name",
  "ip",
  "port",
  "realm",
  "password",
  "passwordPrefix",
  "minExpires",
  "answerDelay",
  "redirectTo",
];
/** Letters, digits, `-`, and `_` of SRV owner names (RFC 2782), in dot-separated labels: what a DNS server serves. */
const DNS_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/;
const SRV_KEYS = ["service", "target", "port", "priority", "weight"];

/** The `pbx` section's schema (sim/fleetSchema.ts), from the keys and limits readPbxSection uses. */
export const PBX_SCHEMA: JsonSchema = listOf(
  mappingOf(
    PBX_KEYS,
    {
      name: TEXT,
      ip: IPV4,
      port: integer(1, 65535),
      realm: TEXT,
      password: { type: "string" },
      passwordPrefix: TEXT,
      minExpires: integer(1, 3600),
      answerDelay: DURATION,
      redirectTo: TEXT,
    },
    ["name", "ip"],
  ),
);

/** The `dns` section's schema. */
export const DNS_SCHEMA: JsonSchema = mappingOf(["srv", "a"], {
  srv: listOf(
    mappingOf(
      SRV_KEYS,
      { service: TEXT, target: TEXT, port: integer(1, 65535), priority: integer(0, 65535), weight: integer(0, 65535) },
      SRV_KEYS,
    ),
  ),
  a: { type: "object", additionalProperties: { anyOf: [IPV4, listOf(IPV4)] } },
});

export function readPbxSection(value: unknown, fail: Fail): PbxConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(["pbx"], SimCode.FleetPbx, "pbx is a list of PBXs (name, ip, …)");
  return value.map((v, i) => {
    const p: Path = ["pbx", i];
    const m = mapping(v, p, PBX_KEYS, fail);
    const text = (k: string, d?: string): string => {
      const x = m[k] ?? d;
      if (typeof x !== "string" || x === "") fail([...p, k], SimCode.FleetPbx, "must be a text");
      return x as string;
    };
    const int = (k: string, d: number, lo: number, hi: number): number => {
      const x = m[k] ?? d;
      if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi)
        fail([...p, k], SimCode.FleetPbx, `a whole number from ${lo} to ${hi}`);
      return x as number;
    };
    const ip = text("ip");
    if (!isIpv4(ip)) fail([...p, "ip"], SimCode.FleetPbx, "an IPv4 address");
    if (m["password"] !== undefined && m["passwordPrefix"] !== undefined)
      fail([...p, "password"], SimCode.FleetPbx, "give password or passwordPrefix, not both");
    const password = m["password"];
    if (password !== undefined && typeof password !== "string") fail([...p, "password"], SimCode.FleetPbx, "a text");
    return {
      name: text("name"),
      ip,
      port: int("port", 5060, 1, 65535),
      realm: text("realm", "ipdect.sim"),
      ...(password === undefined ? {} : { password: password as string }),
      ...(m["passwordPrefix"] === undefined ? {} : { passwordPrefix: text("passwordPrefix") }),
      minExpires: int("minExpires", 60, 1, 3600),
      answerDelayMs: m["answerDelay"] === undefined ? 0 : duration(m["answerDelay"], [...p, "answerDelay"], fail),
      ...(m["redirectTo"] === undefined ? {} : { redirectTo: text("redirectTo") }),
    };
  });
}

export function readDnsSection(value: unknown, fail: Fail): DnsSection | undefined {
  if (value === undefined) return undefined;
  const top = mapping(value, ["dns"], ["srv", "a"], fail);
  const srvList = top["srv"] ?? [];
  if (!Array.isArray(srvList)) return fail(["dns", "srv"], SimCode.FleetDns, "a list of SRV records");
  const srv = srvList.map((v, i) => {
    const p: Path = ["dns", "srv", i];
    const m = mapping(v, p, SRV_KEYS, fail);
    const num = (k: string, lo: number, hi: number) => {
      const x = m[k];
      if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi)
        fail([...p, k], SimCode.FleetDns, `a whole number from ${lo} to ${hi}`);
      return x as number;
    };
    const name = (k: string) => {
      if (typeof m[k] !== "string" || !DNS_NAME.test(m[k])) fail([...p, k], SimCode.FleetDns, "a DNS name");
      return (m[k] as string).toLowerCase();
    };
    return {
      service: name("service"),
      name: name("target"),
      port: num("port", 1, 65535),
      priority: num("priority", 0, 65535),
      weight: num("weight", 0, 65535),
    };
  });
  const aMap = mapping(top["a"] ?? {}, ["dns", "a"], Object.keys((top["a"] as object) ?? {}), fail);
  const a = new Map<string, string[]>();
  for (const [host, ips] of Object.entries(aMap)) {
    if (!DNS_NAME.test(host)) fail(["dns", "a", host], SimCode.FleetDns, "a DNS name");
    const list = Array.isArray(ips) ? ips : [ips];
    if (!list.every((x) => typeof x === "string" && isIpv4(x)))
      fail(["dns", "a", host], SimCode.FleetDns, "an IPv4 address or a list of them");
    a.set(host.toLowerCase(), list as string[]);
  }
  return { srv, a };
}
