import { formatNativeText, parseNativeText } from "../../config/nativeText.js";
import { DecodeError } from "../../core/errors.js";
import type { ResetMode } from "../../device/Device.js";
import { statusText } from "../../device/statusText.js";
import { eventsText } from "../../role/eventsText.js";
import { ANSWER_MAX_AGE_MS } from "../answerCache.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { MgmtCode } from "../errors.js";
import { body, inQuery } from "../params.js";
import { List, OneOf, Result, S, Settings } from "../schema.js";
import { UpdateSchema } from "./updateServer.js";
import { RfpUpdateSchema } from "./rfpUpdate.js";
import { ProvisioningSchema } from "./provisioning.js";

/** An active alarm (§4.23.3); `remote` is the radio that forwarded it to a PARI Master (§4.6.33). */
export const AlarmSchema = S.Object({
  code: S.String({ description: "fault code (§6.2)" }),
  severity: S.String(),
  text: S.String(),
  source: S.Optional(S.String()),
  since: S.Number({ description: "ms since the epoch (node) or since the fleet started (sim)" }),
  remote: S.Optional(S.String()),
  detail: S.Optional(S.String({ description: "what the §6.2 title leaves out, e.g. a SIP answer and proxy" })),
});

/** One status model (src/device/status.ts): the device, its roles, radios held, alarms and frame counters. */
const StatusSchema = S.Object({
  name: S.String(),
  kind: S.String({ description: "IPBS, IPBL or IPVM" }),
  mac: S.String(),
  ip: S.String(),
  up: S.Boolean(),
  pendingReset: S.Boolean({ description: "a stored configuration waits for a reset (§4.18.1)" }),
  factorySystemPassword: S.Boolean(),
  factoryAdminPassword: S.Boolean(),
  counters: S.Object({ framesIn: S.Number(), framesOut: S.Number(), framesDropped: S.Number() }),
  alarms: S.Array(AlarmSchema),
  master: S.Optional(
    S.Object({
      mode: S.String({ description: "§4.6.19: active, standby or mirror" }),
      id: S.Number(),
      state: S.String({ description: 'the machine state, e.g. "standby.active"' }),
      serving: S.Boolean(),
      term: S.Number(),
      regionCode: S.Optional(S.String({ description: "§4.6.22 Region Code, for call localization" })),
      radios: S.Array(S.Object({ name: S.String(), mac: S.String(), standing: S.String(), since: S.Number() })),
      peer: S.Optional(S.Object({ ip: S.String(), active: S.Boolean(), lastHeardAt: S.Union([S.Number(), S.Null()]) })),
    }),
  ),
  pari: S.Optional(S.Object({}, { description: "the device overview (§4.11.1)" })),
  sync: S.Optional(S.Object({}, { description: "the Air Sync Overview (§4.12.1)" })),
  radio: S.Optional(S.Object({ state: S.String(), master: S.String(), standing: S.String(), region: S.Number() })),
  data: S.Optional(
    S.Object(
      { generation: S.Number(), items: S.Record(S.String(), S.String()) },
      { description: "the Master's user/handset data (§4.6.19)" },
    ),
  ),
  gatekeeper: S.Optional(
    S.Object(
      { protocol: S.String(), proxies: List(S.String()), domain: S.String(), mode: S.String(), state: S.String() },
      { description: "the gatekeeper (§4.6.23): registration counts, proxies down" },
    ),
  ),
  certificates: S.Optional(
    S.Object(
      {
        device: S.Optional(S.Object({ subject: S.String(), fingerprint: S.String(), origin: S.String() })),
        trusted: List(S.Object({ subject: S.String(), fingerprint: S.String() })),
      },
      { description: "the certificate presented and the trust list (§4.1.10)" },
    ),
  ),
  firmware: S.Optional(
    S.Object(
      { bank: S.String(), version: S.String(), serial: S.String(), product: S.String() },
      { description: "the firmware this boot runs (§4.15, App. A.1.4): bank A or B, version, build serial" },
    ),
  ),
  update: S.Optional(UpdateSchema),
  rfpUpdate: S.Optional(RfpUpdateSchema),
  provisioning: S.Optional(ProvisioningSchema),
  dhcp: S.Optional(
    S.Object(
      {
        interface: S.String(),
        serverId: S.String(),
        receivedAt: S.Number({ description: "ms since the epoch" }),
        options: Settings("every option of the DHCPACK, typed (66 tftpServer, 67 bootfile, App. I.3's in vendor)"),
      },
      { description: "the last DHCP answer of the host's network (App. I), on a node started with --dhcp" },
    ),
  ),
});

/** One event of the device's stream (docs/events.md): its kind's fields follow. */
const EventSchema = S.Object(
  {
    t: S.Number({ description: "ms since the epoch (node) or since the fleet started (sim)" }),
    device: S.String(),
    kind: S.String({ description: "docs/events.md" }),
  },
  { additionalProperties: true },
);

/** §4.24: an idle reset waits for calls to end, an immediate one drops them. */
function resetMode(t: string): ResetMode {
  if (t !== "idle" && t !== "immediate") throw new DecodeError(MgmtCode.BadMode, "mode must be idle or immediate");
  return t;
}

/** The device as a whole: status, events, configuration and reset. */
export const DEVICE_COMMANDS: readonly Command[] = [
  command({
    name: "status",
    summary: "device, roles, radios held, alarms (§4.23.3), frame counters",
    need: "auditor",
    method: "GET",
    path: "/api/status",
    params: {},
    response: StatusSchema,
    run: (on) => on.device.status(),
    // 900 kB on a PARI Master with 1023 radios; 200 clients polling it once a second (docs/performance.md).
    maxAgeMs: ANSWER_MAX_AGE_MS,
    ctl: { text: shown(statusText) },
  }),
  command({
    name: "events",
    summary: "the last 2000 events from time t on (§4.23.4)",
    need: "auditor",
    method: "GET",
    path: "/api/events",
    params: {
      since: { ...inQuery("0", Number), ctl: { option: "since", value: "<t>" } },
    },
    response: S.Array(EventSchema),
    run: (on, a) => on.events().filter((e) => e.t >= (Number.isFinite(a.since) ? a.since : 0)),
    ctl: { text: shown(eventsText) },
  }),
  command({
    name: "config",
    summary: "running and pending configuration as native text (§4.14, App. C)",
    need: "system-admin",
    method: "GET",
    path: "/api/config",
    params: {},
    response: S.Object({ running: S.String(), pending: S.Optional(S.String()) }),
    run: ({ device: d }) => {
      const pending = d.pendingConfig;
      // The backup of §4.14: with the directory's users, Passwords and Auth. Codes as App. C lines.
      return {
        running: formatNativeText(d.backupConfig()),
        ...(pending === undefined ? {} : { pending: formatNativeText(pending) }),
      };
    },
    ctl: { text: shown(configShowText) },
  }),
  command({
    name: "config-set",
    summary: "store a native-text configuration, pending until reset (§4.18.1)",
    need: "system-admin",
    method: "PUT",
    path: "/api/config",
    params: {
      config: {
        ...body((t) => parseNativeText(t, "request body")),
        description: "the configuration as native text (`config change …` lines, App. C)",
        ctl: { option: "set", value: "<file.txt>", file: true },
      },
    },
    status: 202,
    response: Result("stored", { pendingReset: S.Boolean() }),
    run: async (on, a) => {
      await on.device.configure(a.config);
      return { result: "stored", pendingReset: true };
    },
    ctl: { word: "config", text: said(() => "configuration stored: in force after the next reset (§4.18.1)") },
  }),
  command({
    name: "reset",
    summary: "idle or immediate reset (§4.24); a fleet file's is immediate",
    need: "system-admin",
    method: "POST",
    path: "/api/reset",
    params: {
      mode: {
        ...inQuery("idle", resetMode),
        ctl: { option: "mode", value: "idle|immediate" },
        fleet: { fixed: "immediate" },
      },
    },
    response: Result("reset", { mode: OneOf(["idle", "immediate"]) }),
    run: async (on, a) => {
      await on.device.reset(a.mode);
      return { result: "reset", mode: a.mode };
    },
    ctl: { text: said<{ mode: string }>((a) => `${a.mode} reset done: the device started again (§4.24)`) },
    fleet: true,
  }),
];

interface ConfigShow {
  readonly running: string;
  readonly pending?: string;
}

/** Diagnostics → Config Show (§4.23.6) for people: the native text itself, the pending one after a comment line. */
function configShowText(c: ConfigShow): string {
  return c.pending === undefined
    ? c.running
    : `${c.running}# pending, in force after the next reset (§4.18.1)\n${c.pending}`;
}
