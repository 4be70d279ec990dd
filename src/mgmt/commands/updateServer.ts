import { command, type Command } from "../command.js";
import { body } from "../params.js";
import { parseCommandFile } from "../../update/commandFile.js";
import { said } from "../ctlText.js";
import { Result, S } from "../schema.js";

/**
 * The update client's status (src/update/status.ts): URL (password masked), interval, Current Update Serials; in the
 * device status and in the answers of update-poll and update-run.
 */
export const UpdateSchema = S.Object(
  {
    url: S.String(),
    pollMinutes: S.Number(),
    downloaded: S.Boolean({ description: "false while the device is fresh (App. A.1.3)" }),
    phaseMs: S.Number({ description: "this boot's first poll comes this long after the interval" }),
    serials: S.Record(S.String(), S.String(), { description: "Current Update Serials (§4.9.1)" }),
  },
  { description: "the update client (§4.9.1, App. A)" },
);

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
  command({
    name: "update-run",
    summary:
      "run UP0/UP1 command lines now, as the PBX's Update clients page sends them (App. A.1): e.g. `mod cmd UP0 prot <url> reset <serial>`; checked whole first",
    need: "system-admin",
    method: "POST",
    path: "/api/update/run",
    params: {
      commands: {
        // Checked whole here (400 naming the line), and again by the device for its product (boot, RFP_UPDATE0).
        ...body((t, key) => (parseCommandFile(t, key), t)),
        description: "command lines as in a command file (App. A.1.3–A.1.7)",
        ctl: { option: "commands", value: "<file.txt>", file: true },
        fleet: { key: "commands" },
      },
    },
    response: Result("ran", { update: UpdateSchema }),
    run: async (on, a) => ({ result: "ran", update: await on.device.updateRun(a.commands, "request body") }),
    ctl: {
      text: said<{ update: { serials: Record<string, string> } }>((a) => `ran: ${serialsText(a.update.serials)}`),
    },
    fleet: true,
  }),
];

function serialsText(serials: Record<string, string>): string {
  return (
    Object.entries(serials)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "no serial set"
  );
}
