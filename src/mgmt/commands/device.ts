import { formatNativeText, parseNativeText } from "../../config/nativeText.js";
import { DecodeError } from "../../core/errors.js";
import type { ResetMode } from "../../device/Device.js";
import { command, type Command } from "../command.js";
import { MgmtCode } from "../errors.js";
import { body, inQuery } from "../params.js";

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
    run: (on) => on.device.status(),
    ctl: {},
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
    run: (on, a) => on.events().filter((e) => e.t >= (Number.isFinite(a.since) ? a.since : 0)),
    ctl: {},
  }),
  command({
    name: "config",
    summary: "running and pending configuration as native text (§4.14, App. C)",
    need: "system-admin",
    method: "GET",
    path: "/api/config",
    params: {},
    run: ({ device: d }) => {
      const pending = d.pendingConfig;
      // The backup of §4.14: with the directory's users, Passwords and Auth. Codes as App. C lines.
      return {
        running: formatNativeText(d.backupConfig()),
        ...(pending === undefined ? {} : { pending: formatNativeText(pending) }),
      };
    },
    ctl: { text: (o) => configShowText(o as ConfigShow) },
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
        ctl: { option: "set", value: "<file.txt>", file: true },
      },
    },
    status: 202,
    run: async (on, a) => {
      await on.device.configure(a.config);
      return { result: "stored", pendingReset: true };
    },
    ctl: { word: "config" },
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
    run: async (on, a) => {
      await on.device.reset(a.mode);
      return { result: "reset", mode: a.mode };
    },
    ctl: {},
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
