import { command, type Command } from "../command.js";
import { said } from "../ctlText.js";
import { body, inPath } from "../params.js";
import { Result, S } from "../schema.js";

/** The longest value of a row of the Master's user/handset data, in characters (our limit; the manual sets none). */
const MASTER_DATA_MAX = 4096;

/** Master redundancy (§4.6.19) and the Master's user/handset data. */
export const MASTER_COMMANDS: readonly Command[] = [
  command({
    name: "activate-mirror",
    summary: "Activate mirror: this Mirror becomes active (§4.6.19)",
    need: "system-admin",
    method: "POST",
    path: "/api/master/activate-mirror",
    params: {},
    status: 202,
    response: Result("requested"),
    run: (on) => {
      on.device.activateMirror();
      return { result: "requested" };
    },
    ctl: { text: said(() => "activate mirror requested: this Mirror becomes active (§4.6.19)") },
    fleet: true,
  }),
  command({
    name: "switch-mirror",
    summary: "Switch active mirror: the other Mirror takes over (§4.6.19)",
    need: "system-admin",
    method: "POST",
    path: "/api/master/switch-mirror",
    params: {},
    status: 202,
    response: Result("requested"),
    run: (on) => {
      on.device.switchMirror();
      return { result: "requested" };
    },
    ctl: { text: said(() => "switch active mirror requested: the other Mirror takes over (§4.6.19)") },
    fleet: true,
  }),
  command({
    name: "data-set",
    summary: "a row of the Master's user/handset data (§4.6.19)",
    need: "system-admin",
    method: "PUT",
    path: "/api/master/data/:key",
    params: {
      key: { ...inPath("[A-Za-z0-9._-]{1,64}"), ctl: { positional: "<key>" } },
      value: {
        ...body(),
        media: "text/plain",
        // A row of user/handset data is short; the Mirror sends every row to its peer (§4.6.19).
        schema: S.String({ maxLength: MASTER_DATA_MAX, description: "the row's value as text" }),
        ctl: { positional: "<value>" },
      },
    },
    response: Result("stored"),
    run: async (on, a) => {
      await on.device.putMasterData(a.key, a.value);
      return { result: "stored" };
    },
    ctl: { text: said((_, a) => `stored the row ${String(a["key"])}`) },
  }),
];
