import { command, type Command } from "../command.js";
import { said } from "../ctlText.js";
import { Result, S } from "../schema.js";

/** The update client's status (src/update/status.ts): URL (password masked), interval, Current Update Serials. */
const UpdateSchema = S.Object({
  url: S.String(),
  pollMinutes: S.Number(),
  downloaded: S.Boolean({ description: "false while the device is fresh (App. A.1.3)" }),
  serials: S.Record(S.String(), S.String(), { description: "Current Update Serials (§4.9.1)" }),
});

/** The update server (§4.9.1, App. A): polling it now. */
export const UPDATE_SERVER_COMMANDS: readonly Command[] = [
  command({
    name: "update-poll",
    summary:
      "poll the update server now (App. A.1.3) and answer when that poll has run; 409 UP_NO_SERVER without a URL",
    need: "system-admin",
    method: "POST",
    path: "/api/update/poll",
    params: {},
    response: Result("polled", { update: UpdateSchema }),
    run: async (on) => ({ result: "polled", update: await on.device.updatePoll() }),
    ctl: {
      text: said<{ update: { serials: Record<string, string> } }>(
        (a) =>
          `polled: ${
            Object.entries(a.update.serials)
              .map(([k, v]) => `${k} ${v}`)
              .join(", ") || "no serial set"
          }`,
      ),
    },
    fleet: true,
  }),
];
