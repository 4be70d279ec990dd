import type { LdapServerSettings } from "../../src/ldap/settings.js";
import { silentLogger } from "../../src/core/Logger.js";
import { SeededRng } from "../../src/core/Rng.js";
import { MemoryStore } from "../../src/core/Store.js";
import { dnOf, type Dn } from "../../src/ldap/dn.js";
import type { Filter } from "../../src/ldap/filter.js";
import { LdapService } from "../../src/ldap/LdapService.js";
import type { LdapSession } from "../../src/ldap/LdapSession.js";
import type { LdapRequest, Modification, Scope } from "../../src/ldap/requests.js";
import { Directory } from "../../src/users/Directory.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import type { UserInput } from "../../src/users/User.js";
import { readAll, type Response } from "./responses.js";

export const SETTINGS: LdapServerSettings = {
  user: "ldap-user",
  password: "ldap-secret",
  writeAccess: true,
  port: 389,
  tlsPort: 0,
};

/** A Master's directory with `users`; with `replica`, a Standby's copy of it (§4.5.3.1), which refuses writes. */
export async function directory(users: readonly UserInput[] = [], replica = false): Promise<Directory> {
  const dir = await Directory.load(new MemoryStore(), new SeededRng("ldap-test"), { gateway: "master-1" });
  if (users.length > 0) await dir.addUsers(users);
  if (!replica) return dir;
  const copy = await Directory.load(new MemoryStore(), new SeededRng("copy"), { gateway: "master-1", replica: true });
  await copy.applyBatch({ epoch: dir.epoch, full: true, prevUsn: 0, usn: dir.usn, changes: dir.changesSince(0) });
  return copy;
}

export const users = (n: number, from = 0): UserInput[] =>
  Array.from({ length: n }, (_, i) => ({ longName: `User ${from + i}`, number: String(1000 + from + i) }));

/** The LDAP server of `dir`; its idle watches run on `clock`, which no test moves unless it means to. */
export function service(
  dir: Directory,
  settings: Partial<LdapServerSettings> = {},
  master?: string,
  clock = new VirtualClock(),
): LdapService {
  return new LdapService({
    directory: dir,
    settings: { ...SETTINGS, ...settings },
    log: silentLogger,
    clock,
    ...(master === undefined ? {} : { master }),
    bind: async (_name, _source, check) => ({ ok: check() }),
  });
}

/** A client connection from `address` that must be admitted; `hangUp` hears when the session ends it. */
export function connect(svc: LdapService, address = "127.0.0.1", hangUp: () => void = () => undefined): LdapSession {
  const s = svc.open(address, hangUp);
  if (s === undefined) throw new Error(`a connection from ${address} was refused`);
  return s;
}

let nextId = 1;
type Body = LdapRequest extends infer R ? (R extends unknown ? Omit<R, "messageId" | "controls"> : never) : never;

/** Sends one request through the session and reads its responses. */
export async function ask(
  session: LdapSession,
  body: Body,
  controls: LdapRequest["controls"] = [],
): Promise<Response[]> {
  const reply = await session.handle({ messageId: nextId++, controls, ...body } as LdapRequest);
  return readAll(reply.frames);
}

/** The resultCode of the last response (the operation's result). */
export const codeOf = (rs: readonly Response[]) => rs[rs.length - 1]?.code;

export const user = (longName: string): Dn => dnOf(["cn", longName], ["cn", "PBX0"]);
export const PBX0 = dnOf(["cn", "PBX0"]);
export const ALL: Filter = { kind: "present", type: "objectClass" };

export const bind = (name = "cn=ldap-user", password = "ldap-secret"): Body => ({
  op: "bind",
  name,
  ...(name.includes("=") ? { dn: dnOf(...name.split(",").map((r) => r.split("=") as [string, string])) } : {}),
  password,
});

export const search = (base: Dn, filter: Filter = ALL, scope: Scope = "sub", attributes: string[] = []): Body => ({
  op: "search",
  base,
  scope,
  filter,
  attributes,
  sizeLimit: 0,
  typesOnly: false,
});

export const eq = (type: string, value: string): Filter => ({ kind: "equal", type, value });
export const replace = (type: string, ...values: string[]): Modification => ({ operation: "replace", type, values });

/** A session bound as the configured user. */
export async function bound(svc: LdapService): Promise<LdapSession> {
  const s = connect(svc);
  await ask(s, bind());
  return s;
}
