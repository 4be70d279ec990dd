import { Ipei } from "../../src/core/identity/Ipei.js";
import type { GatekeeperStatus } from "../../src/sip/Gatekeeper.js";
import { api } from "./nodes.js";

/** The users of a gatekeeper test: numbers `first`…, Name = Number, password `pw-<number>` (kamailio's rule). */
export function sipUsers(n: number, first = 1000, wrongPassword: readonly string[] = []): Record<string, string>[] {
  return Array.from({ length: n }, (_, i) => {
    const number = String(first + i);
    return {
      longName: `User ${number}`,
      name: number,
      number,
      password: wrongPassword.includes(number) ? "not-the-password" : `pw-${number}`,
      ipei: Ipei.create(0x3f2, 20_000 + i).toString(),
      // A subscribed handset (App. C `subs`): only users with one register (§4.6.23).
      subs: (0x6000_0000 + i).toString(16).padStart(32, "0"),
    };
  });
}

/** YAML (one JSON line) of an IPVM Master for `ipdect node` with gatekeeper settings and, optionally, users. */
export function gatekeeperNodeYaml(o: {
  readonly name: string;
  readonly ip: string;
  readonly mac: string;
  readonly master: Record<string, unknown>;
  readonly gatekeeper: Record<string, unknown>;
  readonly users?: readonly Record<string, string>[];
}): string {
  return (
    JSON.stringify({
      name: o.name,
      kind: "IPVM",
      mac: o.mac,
      ip: o.ip,
      master: o.master,
      gatekeeper: o.gatekeeper,
      ...(o.users === undefined ? {} : { users: o.users }),
    }) + "\n"
  );
}

/** The gatekeeper of the node at `ip` as GET /api/sip tells it (§4.6.23); undefined while it does not answer. */
export async function gatekeeperStatus(ip: string): Promise<GatekeeperStatus | undefined> {
  try {
    const r = await api(ip, "GET", "/api/sip");
    return r.status === 200 ? (r.json as GatekeeperStatus) : undefined;
  } catch {
    return undefined;
  }
}
