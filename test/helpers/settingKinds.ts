/**
 * Every kind of setting the management API changes, as one table that a real node (kill -9) and the sim (`stop` and
 * `start` faults) both run (issue 18: "for every setting kind, a change survives"). Each row changes its setting the
 * way `ipdect ctl` or the GUI does, says how the change comes into force (a reset, §4.24, or at once), and checks
 * through the API that the value is in force. docs/design.md "What is kept where" names each row's flash file.
 */
import assert from "node:assert/strict";

export interface Answer {
  readonly status: number;
  readonly json: unknown;
}

/** One call of a device's management API as its System Administrator (the login the context holds now). */
export type Api = (method: string, path: string, body?: string | object) => Promise<Answer>;

/** A fleet file's `command` fault: the command and its keys (docs/user-guide.md "Fleet files"). */
export type FleetCommand = Readonly<Record<string, string | number | readonly string[]>> & { readonly command: string };

export interface SettingKind {
  readonly kind: string;
  /**
   * How the change comes into force: `reset` as a user applies configuration (POST /api/reset, §4.18.1, §4.24),
   * `now` (the answer says it is done), `pending`: the process dies between the write and the reset, so the start is
   * the reset that puts the pending configuration in force.
   */
  readonly apply: "reset" | "now" | "pending";
  readonly change: (api: Api) => Promise<void>;
  /** The same change as a fleet file's `command` fault, where a fleet file can make it (sim/fleetCommands.ts). */
  readonly fleet?: FleetCommand;
  readonly check: (api: Api) => Promise<void>;
}

export interface KindsContext {
  /** A CA certificate (PEM) for the trust list, its subject `CN=Test flashca`. */
  readonly trustPem: string;
  /** The realm of the Master's Kerberos server and of the client that joins it (§4.1.8). */
  readonly realm: string;
  /** A port nothing uses, for HTTPS (HTTP0 /https-port). */
  readonly sparePort: number;
  /** The System Administrator's login; the admin-account row changes it (§3.4.5.2). */
  login: { user: string; password: string };
}

/** `a` with `status`, else a failure that shows the answer. */
export function expect(a: Answer, status: number, what: string): unknown {
  assert.equal(a.status, status, `${what}: ${JSON.stringify(a.json)}`);
  return a.json;
}

const get = async <T>(api: Api, path: string): Promise<T> => expect(await api("GET", path), 200, path) as T;

/** `module`, `option` and its value (empty for a flag) in the native text form (App. A, C, J). */
type Option = readonly [module: string, option: string, value: string];

/**
 * The running configuration as Config Show shows it (§4.23.6), with `options` set, stored by `PUT /api/config`: what a
 * user does with `ipdect ctl config` and `ipdect ctl config --set file.txt`.
 */
async function setOptions(api: Api, ...options: readonly Option[]): Promise<void> {
  const lines = (await get<{ running: string }>(api, "/api/config")).running.split("\n");
  for (const [module, option, value] of options) {
    const i = lines.findIndex((l) => l.startsWith(`config change ${module}`));
    const opt = value === "" ? option : `${option} ${value}`;
    if (i < 0) lines.splice(lines.indexOf("config write"), 0, `config change ${module} ${opt}`);
    else lines[i] = `${lines[i]!.replace(new RegExp(` ${option}( [^ /]+)?(?= |$)`), "")} ${opt}`;
  }
  expect(await api("PUT", "/api/config", lines.join("\n")), 202, `PUT /api/config ${JSON.stringify(options)}`);
}

/** The running configuration's line of `module`, as Config Show shows it. */
async function configLine(api: Api, module: string): Promise<string> {
  const text = (await get<{ running: string; pending?: string }>(api, "/api/config")).running;
  return text.split("\n").find((l) => l.startsWith(`config change ${module}`)) ?? "";
}

/** A setting of the running configuration in force: Config Show shows it and nothing waits for a reset. */
async function configHas(api: Api, module: string, option: string): Promise<void> {
  const config = await get<{ running: string; pending?: string }>(api, "/api/config");
  assert.equal(config.pending, undefined, "nothing waits for a reset");
  assert.ok((await configLine(api, module)).includes(option), `${module} ${option} in ${config.running}`);
}

const USERS_CSV = "Long Name;Name;Number\nBea Import;bea;4002\nCid Import;cid;4003\n";
const SARIS = ["B-0A5E-0B-1", "B-0A5E-0B-2"];

export function settingKinds(ctx: KindsContext): SettingKind[] {
  return [
    {
      kind: "TLS profile and key usage check (§4.3.3, §4.7.2.1)",
      apply: "now",
      change: async (api) => {
        expect(await api("PUT", "/api/tls", { profile: "strict", keyUsage: "extended" }), 200, "PUT /api/tls");
      },
      fleet: { command: "tls-set", profile: "strict", keyUsage: "extended" },
      check: async (api) => {
        const tls = await get<{ profile: string; keyUsage: string }>(api, "/api/tls");
        assert.deepEqual([tls.profile, tls.keyUsage], ["strict", "extended"]);
      },
    },
    {
      kind: "gatekeeper (§4.6.23): PUT /api/gatekeeper, reset",
      apply: "reset",
      change: async (api) => {
        const body = { proxy: "127.0.0.9", registrationTtlS: 300, temporaryFailure: 503 };
        expect(await api("PUT", "/api/gatekeeper", body), 202, "PUT /api/gatekeeper");
      },
      check: async (api) => {
        const gk = await get<{ running: { registrationTtlS: number; temporaryFailure: number }; pending: unknown }>(
          api,
          "/api/gatekeeper",
        );
        assert.deepEqual([gk.running.registrationTtlS, gk.running.temporaryFailure, gk.pending], [300, 503, null]);
      },
    },
    {
      kind: "trust list (§4.1.10.1): a CA uploaded",
      apply: "now",
      change: async (api) => {
        expect(await api("POST", "/api/certs/trust", ctx.trustPem), 200, "POST /api/certs/trust");
      },
      check: async (api) => {
        const trust = await get<{ subject: string }[]>(api, "/api/certs/trust");
        assert.ok(
          trust.some((c) => c.subject === "CN=Test flashca"),
          JSON.stringify(trust),
        );
      },
    },
    {
      kind: "device certificate (§4.1.10.4.2): a new self-signed one",
      apply: "now",
      change: async (api) => {
        const body = { years: 3, cn: "flash.example", bits: 1024 };
        expect(await api("POST", "/api/certs/device/self-signed", body), 200, "self-signed");
      },
      fleet: { command: "certs-self-signed", years: 3, cn: "flash.example", bits: 1024 },
      check: async (api) => {
        const certs = await get<{ device: { origin: string; certificate: { subject: string } } }>(api, "/api/certs");
        assert.equal(certs.device.certificate.subject, "CN=flash.example");
      },
    },
    {
      kind: "signing request waiting for its CA (§4.1.10.4.3)",
      apply: "now",
      change: async (api) => {
        expect(await api("POST", "/api/certs/csr", { cn: "csr.example", bits: 1024 }), 200, "POST /api/certs/csr");
      },
      check: async (api) => {
        const certs = await get<{ signingRequest: { commonName: string } | null }>(api, "/api/certs");
        assert.equal(certs.signingRequest?.commonName, "csr.example");
      },
    },
    {
      kind: "users (§4.10.3, §4.10.5): added, imported, changed, removed",
      apply: "now",
      change: async (api) => {
        const ada = { longName: "Ada Flash", name: "ada", number: "4001", password: "sip-secret-1" };
        expect(await api("POST", "/api/users", ada), 201, "POST /api/users");
        expect(await api("POST", "/api/users/import", USERS_CSV), 200, "POST /api/users/import");
        expect(await api("PATCH", "/api/users/4001", { displayName: "Ada F." }), 200, "PATCH /api/users/4001");
        expect(await api("DELETE", "/api/users/4003"), 200, "DELETE /api/users/4003");
      },
      check: async (api) => {
        const users = await get<{ number: string; displayName?: string }[]>(api, "/api/users");
        const numbers = users.map((u) => u.number).filter((n) => n.startsWith("400"));
        assert.deepEqual(numbers.sort(), ["4001", "4002"]);
        assert.equal(users.find((u) => u.number === "4001")?.displayName, "Ada F.");
      },
    },
    {
      kind: "anonymous handsets (§4.10.9): imported",
      apply: "now",
      change: async (api) => {
        expect(await api("POST", "/api/anonymous/import", "0020201733948\n"), 200, "POST /api/anonymous/import");
      },
      check: async (api) => {
        assert.deepEqual(await get(api, "/api/anonymous"), ["0020201733948"]);
      },
    },
    {
      kind: "DECT → System: subscription, system AC, logout code (§4.6.2, §4.6.3)",
      apply: "now",
      change: async (api) => {
        const body = { subscription: "system-ac", systemAc: "246810", logoutCode: "#12*$#" };
        expect(await api("PUT", "/api/dect/system", body), 200, "PUT /api/dect/system");
      },
      check: async (api) => {
        const s = await get(api, "/api/dect/system");
        assert.deepEqual(s, { subscription: "system-ac", systemAc: "246810", logoutCode: "#12*$#" });
      },
    },
    {
      kind: "User Administrators (§3.4.5.4)",
      apply: "now",
      change: async (api) => {
        const ua = { longName: "Ward Admin", name: "wardadmin", password: "ua-secret-1" };
        expect(await api("POST", "/api/user-admins", ua), 201, "POST /api/user-admins");
      },
      check: async (api) => {
        const admins = await get<{ name: string }[]>(api, "/api/user-admins");
        assert.deepEqual(
          admins.map((a) => a.name),
          ["wardadmin"],
        );
      },
    },
    {
      kind: "Master user/handset data (§4.6.19)",
      apply: "now",
      change: async (api) => {
        expect(await api("PUT", "/api/master/data/flash-key", "kept"), 200, "PUT /api/master/data");
      },
      check: async (api) => {
        const status = await get<{ data?: { items: Record<string, string> } }>(api, "/api/status");
        assert.equal(status.data?.items["flash-key"], "kept");
      },
    },
    {
      kind: "SARIs (§4.6.35)",
      apply: "now",
      change: async (api) => {
        expect(await api("PUT", "/api/pari/sari", { saris: SARIS }), 200, "PUT /api/pari/sari");
      },
      fleet: { command: "sari", sari: SARIS },
      check: async (api) => {
        assert.deepEqual((await get<{ saris: string[] }>(api, "/api/radios")).saris, SARIS);
      },
    },
    {
      kind: "frequency band and enabled carriers (§4.6.6, §4.6.7): in force at once, kept as PARI0",
      apply: "now",
      change: async (api) => {
        const body = { band: "south-america", carriers: "18,19,20,21" };
        expect(await api("PUT", "/api/sync/carriers", body), 200, "PUT /api/sync/carriers");
      },
      fleet: { command: "sync-carriers", band: "south-america", carriers: "18,19,20,21" },
      check: (api) => configHas(api, "PARI0", "/band south-america /enabled-carriers 18,19,20,21"),
    },
    {
      kind: "SNMP (§4.9.5): PUT /api/snmp, reset",
      apply: "reset",
      change: async (api) => {
        const body = { enabled: true, community: "********", location: "Flash Lab" };
        expect(await api("PUT", "/api/snmp", body), 202, "PUT /api/snmp");
      },
      check: async (api) => {
        const snmp = await get<{ running: { location?: string }; pending?: unknown }>(api, "/api/snmp");
        assert.deepEqual([snmp.running.location, snmp.pending], ["Flash Lab", undefined]);
      },
    },
    {
      kind: "LDAP server (§4.5.1): LDAP0 /write-access, reset",
      apply: "reset",
      change: (api) => setOptions(api, ["LDAP0", "/write-access", ""]),
      check: async (api) => {
        assert.equal((await get<{ writeAccess: boolean }>(api, "/api/ldap/server")).writeAccess, true);
      },
    },
    {
      kind: "PARI (§4.6.21): PARI0 /sync-depth, reset",
      apply: "reset",
      change: (api) => setOptions(api, ["PARI0", "/sync-depth", "12"]),
      check: async (api) => {
        assert.equal((await get<{ maxDepth: number }>(api, "/api/sync")).maxDepth, 12);
      },
    },
    {
      kind: "Radio Config (§4.6.33): RCFG0 /ntp, reset",
      apply: "reset",
      change: (api) => setOptions(api, ["RCFG0", "/ntp", "127.0.0.123"]),
      check: (api) => configHas(api, "RCFG0", "/ntp 127.0.0.123"),
    },
    {
      kind: "General → Admin (§4.1): ADMIN0 /auto-logout, reset",
      apply: "reset",
      change: (api) => setOptions(api, ["ADMIN0", "/auto-logout", "17"]),
      check: async (api) => {
        const admin = await get<{ settings: { autoLogoutMinutes?: number } }>(api, "/api/admin");
        assert.equal(admin.settings.autoLogoutMinutes, 17);
      },
    },
    {
      kind: "HTTP (§4.9.3): HTTP0 /https-port, reset",
      apply: "reset",
      change: (api) => setOptions(api, ["HTTP0", "/https-port", String(ctx.sparePort)]),
      check: (api) => configHas(api, "HTTP0", `/https-port ${ctx.sparePort}`),
    },
    {
      kind: "radio (RADIO0 /region) and its position (POS0), reset",
      apply: "reset",
      change: (api) => setOptions(api, ["RADIO0", "/region", "7"], ["POS0", "/x", "42"]),
      check: async (api) => {
        await configHas(api, "RADIO0", "/region 7");
        await configHas(api, "POS0", "/x 42");
      },
    },
    {
      kind: "Kerberos server (§4.1.8.1, §4.1.8.9): database, a user, a trusted realm",
      apply: "now",
      change: async (api) => {
        expect(await api("POST", "/api/kerberos/server", { rootPassword: "root-secret-1" }), 201, "setup");
        const jim = { name: "jim", password: "jim-secret-1", role: "join-realm" };
        expect(await api("POST", "/api/kerberos/users", jim), 201, "POST /api/kerberos/users");
        const trust = { realm: "AD.FLASH", password: "trust-secret-1" };
        expect(await api("POST", "/api/kerberos/trusts", trust), 201, "POST /api/kerberos/trusts");
      },
      check: async (api) => {
        assert.equal((await get<{ state: string }>(api, "/api/kerberos/server")).state, "running");
        assert.deepEqual(await get(api, "/api/kerberos/users"), [{ name: "jim", role: "join-realm" }]);
        assert.deepEqual(await get(api, "/api/kerberos/trusts"), ["AD.FLASH"]);
      },
    },
    {
      kind: "Kerberos client (§4.1.8.4): joined its realm",
      apply: "now",
      change: async (api) => {
        const join = { realm: ctx.realm, user: "jim", password: "jim-secret-1" };
        expect(await api("POST", "/api/kerberos/client/join", join), 200, "POST /api/kerberos/client/join");
      },
      check: async (api) => {
        const client = await get<{ membership?: { realm: string } }>(api, "/api/kerberos/client");
        assert.equal(client.membership?.realm, ctx.realm);
      },
    },
    {
      kind: "Kerberos client settings (§4.1.8.3): KRBCLI0 /aes-rc4, reset",
      apply: "reset",
      change: (api) => setOptions(api, ["KRBCLI0", "/aes-rc4", ""]),
      check: async (api) => {
        const client = await get<{ aesRc4: boolean; membership?: { realm: string } }>(api, "/api/kerberos/client");
        assert.deepEqual([client.aesRc4, client.membership?.realm], [true, ctx.realm]);
      },
    },
    {
      kind: "Logging (§4.9.2): PUT /api/logging, killed before the reset",
      apply: "pending",
      change: async (api) => {
        const body = { type: "syslog", address: "127.0.0.7", port: 5514 };
        expect(await api("PUT", "/api/logging", body), 202, "PUT /api/logging");
      },
      check: async (api) => {
        const logging = await get<{ running: { address?: string } | null; pending?: unknown }>(api, "/api/logging");
        assert.deepEqual([logging.running?.address, logging.pending], ["127.0.0.7", undefined]);
      },
    },
    {
      kind: "Master mode (§4.6.19): MASTER0 /mode, killed before the reset",
      apply: "pending",
      // A Mirror needs a Time Server (§4.6.19 step 4).
      change: (api) =>
        setOptions(
          api,
          ["DEV0", "/ntp", "127.0.0.11"],
          ["MASTER0", "/mode", "mirror"],
          ["MASTER0", "/mirror-peer", "127.0.0.10"],
        ),
      check: async (api) => {
        assert.equal((await get<{ master?: { mode: string } }>(api, "/api/status")).master?.mode, "mirror");
      },
    },
    {
      kind: "System Administrator account (§3.4.5.2): new name and password",
      apply: "now",
      change: async (api) => {
        const body = { user: "flashadmin", oldPassword: ctx.login.password, password: "admin-secret-9" };
        expect(await api("PUT", "/api/admin/account", body), 200, "PUT /api/admin/account");
        ctx.login = { user: "flashadmin", password: "admin-secret-9" };
      },
      check: async (api) => {
        const admin = await get<{ user: string; factoryPassword: boolean }>(api, "/api/admin");
        assert.deepEqual([admin.user, admin.factoryPassword], ["flashadmin", false]);
      },
    },
  ];
}
