/**
 * The layer rules of ipdect: the source of truth for which folder may import which (docs/architecture.md "Layers").
 * `npm run lint` runs dependency-cruiser with this file; `npm run layers:doc` writes the layer table in
 * docs/architecture.md from LAYERS below, and test/lint/layers.test.ts checks that the two agree.
 *
 * A folder may import only folders of a strictly lower rank (and itself). Folders of one rank are peers and may not
 * import each other: a role that needs another role sits a rank above it. Cycles between files are forbidden too,
 * so with the ranks no cycle between folders can exist.
 */

/** Bottom first. `path` is a regular expression on the repository-relative file path. */
const LAYERS = [
  {
    rank: 0,
    name: "core",
    path: "^src/core/",
    holds: "identities, alarm catalog (§6.2), errors, Clock/Rng/Store/Logger interfaces, generic config machinery",
  },
  {
    rank: 1,
    name: "wire",
    path: "^src/wire/",
    holds: "protobuf schema and codec, framing, Transport interface, App. H ports",
  },
  {
    rank: 2,
    name: "role",
    path: "^src/role/",
    holds:
      "role kernel: RoleIo, timer/deadline actors, alarms table, event stream and its typed union, device-link proof, Air interface",
  },
  { rank: 3, name: "auth", path: "^src/auth/", holds: "administrator accounts and access levels (§3.4.2)" },
  {
    rank: 3,
    name: "certs",
    path: "^src/certs/",
    holds:
      "certificate store (§4.1.10): device certificate, CSR, PKCS#12, trust list, rejected list, TLS profiles (App. K)",
  },
  {
    rank: 3,
    name: "logging",
    path: "^src/logging/",
    holds: "Logging (§4.9.2, §4.23.1.1): settings, log classes, the RFC 5424 syslog format",
  },
  {
    rank: 3,
    name: "update",
    path: "^src/update/",
    holds: "update server client (§4.9.1, App. A): UP1 command files, UP0 downloads, firmware images and banks",
  },
  {
    rank: 3,
    name: "sync",
    path: "^src/sync/",
    holds: "air synchronisation (§4.6.36): RF model, sync trees, radio sync, overviews",
  },
  {
    rank: 4,
    name: "pari",
    path: "^src/pari/",
    holds: "PARI Master (§4.6.21, §4.6.34): RFPIs, SARIs, Radio Config, device overview",
  },
  {
    rank: 4,
    name: "kerberos",
    path: "^src/kerberos/",
    holds: "Kerberos server and client roles (§4.1.8): realm users, joins, realm logins",
  },
  {
    rank: 4,
    name: "users",
    path: "^src/users/",
    holds: "user directory (§3.14), CSV, handset subscription, User Administrators",
  },
  { rank: 5, name: "ldap", path: "^src/ldap/", holds: "LDAP server of the directory (§4.5.1): BER, filters, sessions" },
  {
    rank: 5,
    name: "sip",
    path: "^src/sip/",
    holds: "SIP codec, registrar and the gatekeeper's registration agent (§4.6.23)",
  },
  {
    rank: 5,
    name: "radio",
    path: "^src/radio/",
    holds: "radio role: registration to a Master, PARI client, handset relay, the IPBL's RFP update",
  },
  {
    rank: 5,
    name: "provisioning",
    path: "^src/provisioning/",
    holds: "the second provisioning dialect (seed 002): XML configuration and users files, .ver files, check-sync",
  },
  {
    rank: 6,
    name: "replication",
    path: "^src/replication/",
    holds: "Full and Active Directory replication of the directory (§4.5.3)",
  },
  { rank: 6, name: "handset", path: "^src/handset/", holds: "a simulated DECT handset" },
  { rank: 7, name: "master", path: "^src/master/", holds: "Master / Standby / Mirror role (§4.6.19, §4.6.20)" },
  {
    rank: 7,
    name: "snmp",
    path: "^src/snmp/",
    holds:
      "SNMP agent's settings (§4.9.5) and the views it serves: system and snmp groups, IPDECT-MIB (mibs/IPDECT-MIB.txt)",
  },
  {
    rank: 8,
    name: "upgrade",
    path: "^src/upgrade/",
    holds:
      "the site-wide rolling upgrade (§4.15.2): waves from the site's overviews, their run over SiteOps (HTTP or the fleet), the PARI Master's own run and its record",
  },
  {
    rank: 8,
    name: "config",
    path: "^src/config/",
    holds: "the device configuration composed from each role's settings; native-text module table",
  },
  {
    rank: 9,
    name: "device",
    path: "^src/device/",
    holds: "composition root: assembly, frame router, lifecycle, operator commands",
  },
  {
    rank: 10,
    name: "mgmt",
    path: "^src/mgmt/",
    holds: "the operator-command table (HTTP API, ctl and fleet-file forms), HTTP API, sessions",
  },
  {
    rank: 11,
    name: "platform",
    path: "^src/platform/node/",
    holds: "the only code that touches sockets, files, child processes and timers",
  },
  { rank: 12, name: "node", path: "^src/node/", holds: "NodeHost: real devices on sockets and files" },
  {
    rank: 12,
    name: "sim",
    path: "^sim/",
    holds: "fleet runner, VirtualClock, MemoryNetwork, RF air service, generators, simulated PBX/DNS/handsets",
  },
  {
    rank: 13,
    name: "lab",
    path: "^lab/",
    holds: "ipdect lab: a fleet file as live processes (state dir, kill -9, nft rules on loopback, live checks)",
  },
  {
    rank: 14,
    name: "cli",
    path: "^src/cli/",
    holds: "the ipdect command (node, sim, air, ctl, sync-tree, handset, lab): arguments, files, exit codes",
  },
];

/** Node modules that do I/O or keep time: only platform/node, sim and cli may import them. */
const NODE_IO =
  "^(node:)?(dgram|net|tls|fs|fs/promises|child_process|timers|timers/promises|http|https|dns|dns/promises|readline|worker_threads)$";

const upward = LAYERS.filter((from) => LAYERS.some((to) => to.rank >= from.rank && to.name !== from.name)).map(
  (from) => ({
    name: `layer-${from.name}`,
    comment: `${from.name} (rank ${from.rank}) may import only lower ranks: ${
      LAYERS.filter((l) => l.rank < from.rank)
        .map((l) => l.name)
        .join(", ") || "nothing"
    }`,
    severity: "error",
    from: { path: from.path },
    to: {
      path: LAYERS.filter((to) => to.rank >= from.rank && to.name !== from.name).map((to) => to.path),
    },
  }),
);

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "no-cycle",
      comment: "no cycle between files (and so none between folders)",
      severity: "error",
      from: { path: "^(src|sim|lab)/" },
      to: { circular: true },
    },
    {
      name: "no-sim-in-src",
      comment: "src/ never imports sim/, except src/cli which runs fleets",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^sim/" },
    },
    {
      name: "node-io-at-the-edge",
      comment: "Node I/O and timers only in src/platform/node, sim/ and src/cli (docs/architecture.md)",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(platform/node|cli)/" },
      to: { dependencyTypes: ["core"], dependencyTypesNot: ["type-only"], path: NODE_IO },
    },
    {
      name: "one-adapter-node-forge",
      comment: "node-forge stays behind one adapter, src/certs/forge.ts (docs/style.md §9)",
      severity: "error",
      from: { path: "^(src|sim)/", pathNot: "^src/certs/forge\\.ts$" },
      to: { path: "node_modules/node-forge/" },
    },
    {
      name: "one-adapter-kerberos",
      comment:
        'the npm kerberos package stays behind one adapter, src/platform/node/kerberos/gssAdapter.ts, which loads it lazily (docs/design.md "Kerberos")',
      severity: "error",
      from: { path: "^(src|sim)/", pathNot: "^src/platform/node/kerberos/gssAdapter\\.ts$" },
      to: { path: "node_modules/kerberos/" },
    },
    {
      name: "one-adapter-hash-wasm",
      comment:
        'hash-wasm stays behind one adapter, src/role/blake3Mac.ts (docs/style.md §9; docs/design.md "Device links")',
      severity: "error",
      from: { path: "^(src|sim)/", pathNot: "^src/role/blake3Mac\\.ts$" },
      to: { path: "node_modules/hash-wasm/" },
    },
    {
      name: "gui-alone",
      comment:
        "the web GUI (gui/) is a browser program that reaches the device only through its HTTP API: it imports gui/, preact and htm, nothing of src/, sim/ or Node",
      severity: "error",
      from: { path: "^gui/" },
      // Unanchored for node_modules: a worktree's node_modules may be a symlink to another checkout's.
      to: { pathNot: "^gui/|node_modules/(preact|htm)/" },
    },
    {
      name: "unlayered-folder",
      comment: "every folder of src/ has its line in LAYERS (a new folder gets one in the same commit)",
      severity: "error",
      from: { path: "^src/", pathNot: [...LAYERS.map((l) => l.path), "^src/wire/gen/"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^dist/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};

// For the docs writer and the layer test; not an option of dependency-cruiser, so not enumerable.
Object.defineProperty(module.exports, "LAYERS", { value: LAYERS, enumerable: false });
