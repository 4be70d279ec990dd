import type { GatekeeperMode } from "../../sip/Gatekeeper.js";
import type { RegistrationState } from "../../sip/registration.js";
import { gatekeeperFromObject, SIP_PROTOCOLS, TEMPORARY_FAILURE_RESPONSES } from "../../sip/settings.js";
import { gatekeeperSettingsText, gatekeeperText, registrationsText } from "../../sip/statusText.js";
import { command, type Command } from "../command.js";
import { pendingSaid, shown } from "../ctlText.js";
import { body, inQuery, optional } from "../params.js";
import { jsonValue, removeSection } from "../sectionEdit.js";
import { List, OneOf, S, Settings } from "../schema.js";

/** What a gatekeeper change answers: like every DECT → Master setting it waits for a reset. */
const GATEKEEPER_NOTE = "takes effect after reset (§4.6.23 step 17)";

// Records rather than arrays, so that a new member of the union does not compile until it is described here.
const REGISTRATION_STATES: Record<RegistrationState, true> = {
  queued: true,
  registering: true,
  registered: true,
  waiting: true,
  failed: true,
};
const GATEKEEPER_MODES: Record<GatekeeperMode, true> = { serving: true, deactivated: true, idle: true };

/** One user's SIP registration as the status pages show it (§4.6.23). */
const RegistrationSchema = S.Object({
  number: S.String({ description: "the user's Number, or `anonymous` for the §4.6.24 registration" }),
  aor: S.String({ description: "address-of-record, sip:user@domain" }),
  authUser: S.String(),
  state: OneOf(Object.keys(REGISTRATION_STATES)),
  target: S.Optional(S.String({ description: "where the user is (being) registered, e.g. udp:127.0.0.1:5060" })),
  lastProxy: S.Optional(S.String({ description: "where the last REGISTER went, when not `target` (a failed user)" })),
  expiresInS: S.Optional(S.Integer({ description: "seconds until the binding expires; only when registered" })),
  lastStatus: S.Optional(S.Integer({ description: "the SIP status of the last answer" })),
  reason: S.Optional(S.String()),
});

const count = S.Integer();

/** The gatekeeper's state: proxies, mode, counts of registered users, the anonymous registration (§4.6.24). */
const GatekeeperStatusSchema = S.Object({
  protocol: OneOf(SIP_PROTOCOLS, "§4.6.23 step 2"),
  proxies: List(S.String(), { description: "Proxy, then Alt. Proxy 1..3 (§4.6.23 steps 5, 6)" }),
  domain: S.String(),
  mode: OneOf(
    Object.keys(GATEKEEPER_MODES),
    "serving: registers every user; deactivated: only the anonymous registration (§4.6.24); idle: nothing",
  ),
  state: OneOf(["starting", "running", "unavailable"]),
  reason: S.Optional(S.String({ description: "why the gatekeeper is unavailable" })),
  local: S.Optional(S.Object({ ip: S.String(), port: S.Integer() }, { description: "the Master's SIP socket" })),
  userSockets: S.Optional(
    S.Integer({ description: "users' own SIP sockets open, each on its own port 2048–65535 (App. H footnote 1)" }),
  ),
  users: S.Object({
    total: count,
    registered: count,
    registering: count,
    waiting: count,
    failed: count,
    allRegisteredInMs: S.Optional(
      S.Number({ description: "from the first REGISTER to every user registered, the first time since serving" }),
    ),
  }),
  downProxies: List(S.String()),
  anonymous: S.Optional(RegistrationSchema),
  counters: S.Optional(
    S.Object({
      requestsSent: count,
      retransmissions: count,
      responsesReceived: count,
      timeouts: count,
      transportErrors: count,
      rejected: count,
      requestsAnswered: count,
    }),
  ),
});

/** The `gatekeeper` section (§4.6.23, §4.6.24, §4.7.1, §4.7.3.1) as its reader makes it: every default filled in. */
const GatekeeperSettingsSchema = S.Object({
  protocol: OneOf(SIP_PROTOCOLS, "§4.6.23 step 2"),
  proxy: S.String({ description: "host[:port] (§4.6.23 step 5)" }),
  altProxies: List(S.String(), { description: "Alt. Proxy 1..3 (§4.6.23 step 6)" }),
  domain: S.Optional(S.String({ description: "§4.6.23 step 7" })),
  registrationTtlS: S.Integer({ description: "Registration Time-To-Live, seconds (§4.6.23 step 15)" }),
  subscriptionTtlS: S.Integer({ description: "Subscription Time-To-Live, seconds (§4.6.23 step 15)" }),
  registerWithNumber: S.Boolean({ description: "§4.6.23 step 15" }),
  registerWithSystemPassword: S.Boolean({ description: "§4.6.23 step 10" }),
  maxInternalNumberLength: S.Optional(S.Integer({ description: "§4.6.23 step 8" })),
  internationalCpnPrefix: S.Optional(S.String({ description: "§4.6.23 step 9" })),
  ignoreRetryAfter: S.Boolean({ description: "§4.7.1.11" }),
  redirection: S.Boolean({ description: "§4.7.1.2" }),
  instanceId: S.Boolean({ description: "§4.7.1.1" }),
  temporaryFailure: S.Integer({ enum: [...TEMPORARY_FAILURE_RESPONSES], description: "§4.7.3.1" }),
  localPort: S.Integer({ description: "the port of the Master's SIP socket" }),
  anonymous: S.Optional(
    S.Object(
      { name: S.String(), number: S.String(), deactivateMaster: S.Boolean() },
      { description: "Registration for Anonymous Devices (§4.6.24)" },
    ),
  ),
});

/** A section change's answer: the pending section (null: removed) and when it takes effect. */
const PendingGatekeeper = S.Object({
  pending: S.Union([GatekeeperSettingsSchema, S.Null()]),
  note: S.String(),
});

/** The gatekeeper (§4.6.23): its registrations and its settings. */
export const SIP_COMMANDS: readonly Command[] = [
  command({
    name: "sip",
    summary: "the gatekeeper: proxies, mode, registration counts (§4.6.23)",
    need: "auditor",
    method: "GET",
    path: "/api/sip",
    params: {},
    response: GatekeeperStatusSchema,
    run: (on) => on.device.gatekeeperStatus(),
    ctl: { text: shown(gatekeeperText) },
  }),
  command({
    name: "sip-registrations",
    summary: "every user's SIP registration, or those in one state (§4.6.23)",
    need: "auditor",
    method: "GET",
    path: "/api/sip/registrations",
    params: {
      state: {
        ...optional(inQuery()),
        description: "only the registrations in this state",
        ctl: { option: "state", value: "registered|failed|waiting|…" },
      },
    },
    response: S.Array(RegistrationSchema),
    run: (on, a) => {
      const all = on.device.sipRegistrations();
      return a.state === undefined ? all : all.filter((r) => r.state === a.state);
    },
    ctl: { text: shown(registrationsText) },
  }),
  command({
    name: "gatekeeper",
    summary: "gatekeeper (SIP) settings, running and pending (§4.6.23)",
    need: "auditor",
    method: "GET",
    path: "/api/gatekeeper",
    params: {},
    response: S.Object({
      running: S.Union([GatekeeperSettingsSchema, S.Null()], { description: "null: no gatekeeper section" }),
      pending: S.Union([GatekeeperSettingsSchema, S.Null()], {
        description: "null: nothing waits for a reset, or the pending configuration has no gatekeeper section",
      }),
    }),
    run: ({ device: d }) => ({ running: d.config.gatekeeper ?? null, pending: d.pendingConfig?.gatekeeper ?? null }),
    ctl: { text: shown(gatekeeperSettingsText), also: ["sip", "sip-registrations"] },
  }),
  command({
    name: "gatekeeper-set",
    summary: "the gatekeeper section as JSON, pending until reset (§4.6.23); 400 with the field",
    need: "system-admin",
    method: "PUT",
    path: "/api/gatekeeper",
    params: {
      settings: {
        ...body(jsonValue),
        media: "application/json",
        schema: Settings('the gatekeeper section (§4.6.23, §4.6.24); docs/user-guide.md "Gatekeeper (SIP) settings"'),
        ctl: { positional: "<gatekeeper.json>", file: true },
      },
    },
    status: 202,
    response: PendingGatekeeper,
    run: async ({ device: d }, a) => {
      const base = d.editableConfig();
      const gatekeeper = gatekeeperFromObject(a.settings, base.master, "request body");
      await d.configure({ ...base, gatekeeper });
      return { pending: gatekeeper, note: GATEKEEPER_NOTE };
    },
    ctl: { text: pendingSaid("gatekeeper settings") },
  }),
  command({
    name: "gatekeeper-remove",
    summary: "remove the gatekeeper section, pending until reset (§4.6.23)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/gatekeeper",
    params: {},
    status: 202,
    replies: [200],
    response: PendingGatekeeper,
    run: ({ device: d }) => removeSection(d, "gatekeeper", "gatekeeper settings", GATEKEEPER_NOTE),
    ctl: { text: pendingSaid("gatekeeper settings") },
  }),
];
