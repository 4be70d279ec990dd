import { RFP_FIRMWARE_MAX_BYTES, rfpFirmwareName } from "../../radio/rfpFirmware.js";
import { RFP_STATES } from "../../radio/rfpUpdateFlash.js";
import type { RfpUpdateStatus } from "../../radio/rfpUpdateStatus.js";
import { formatTable } from "../../core/textTable.js";
import { rfpSchedule, rfpSelect } from "../../update/commandLines.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { bytes, inQuery, optional, trueOrFalse } from "../params.js";
import { List, OneOf, S } from "../schema.js";

const FileSchema = S.Object({
  name: S.String(),
  version: S.String({ description: "the file name's stem: what an updated RFP reports (App. A.1.7)" }),
  size: S.Number(),
  source: S.String({ description: "the URL without its password, or `uploaded file`" }),
});

/** RFP_UPDATE0 (App. A.1.7) and Update → RFPs (§4.18.4) in the status model (src/radio/rfpUpdateStatus.ts). */
export const RfpUpdateSchema = S.Object(
  {
    state: OneOf(["idle", "scheduled", "running"]),
    firmware: S.Optional(S.String({ description: "the firmware for the next start: a URL, or `uploaded file`" })),
    select: S.Optional(List(S.Number())),
    schedule: S.Optional(S.String({ description: "DD.MM.YYYY-HH:MM, the device's local time" })),
    file: S.Optional(FileSchema),
    order: S.Optional(
      S.Object({
        version: S.String(),
        file: S.String(),
        source: S.String(),
        at: S.Optional(S.String()),
        idle: S.Boolean(),
        sequence: S.Boolean(),
        ports: List(
          S.Object({
            port: S.Number(),
            state: OneOf(RFP_STATES),
            from: S.String({ description: "the version before" }),
            version: S.Optional(S.String()),
            reason: S.Optional(S.String()),
          }),
        ),
      }),
    ),
  },
  { description: "the IPBL's update of its RFPs (App. A.1.7, §4.18.4)" },
);

function rfpUpdateText(s: RfpUpdateStatus): string {
  const o = s.order;
  const head = `RFP update ${s.state}${o === undefined ? "" : `: ${o.file} (version ${o.version})${o.at === undefined ? "" : ` at ${o.at}`}`}\n`;
  if (o === undefined) return head;
  const rows = o.ports.map((p) => [String(p.port), p.state, p.from, p.version ?? "", p.reason ?? ""]);
  return head + formatTable([["Port", "State", "From", "Version", "Reason"], ...rows]) + "\n";
}

/** Update → RFPs (§4.18.4) of an IPBL: the progress, the upload of an RFP file, and Start. */
export const RFP_UPDATE_COMMANDS: readonly Command[] = [
  command({
    name: "rfp-update",
    summary: "the IPBL's RFP update: parameters, the file in hand, each selected RFP's progress (App. A.1.7, §4.18.4)",
    need: "auditor",
    method: "GET",
    path: "/api/rfp-update",
    params: {},
    response: RfpUpdateSchema,
    run: ({ device: d }) => d.rfpUpdate().status(),
    ctl: { text: shown(rfpUpdateText) },
  }),
  command({
    name: "rfp-firmware-upload",
    summary: "upload an RFP firmware file to the IPBL: the file for the next start (§4.18.4 Upload)",
    need: "system-admin",
    method: "PUT",
    path: "/api/rfp-update/firmware",
    params: {
      name: {
        // Absent is "": refused (400) with the rule, before anything else is looked at.
        ...inQuery("", (t, key) => rfpFirmwareName(t, key).name),
        description: "the file's name, e.g. Worf123.S2: its stem is the RFP version (App. A.1.7)",
        ctl: { option: "name", value: "<Worf123.S2>" },
      },
      file: {
        ...bytes((b) => b),
        description: `the RFP firmware file, 1..${RFP_FIRMWARE_MAX_BYTES} bytes`,
        ctl: { positional: "<rfp-file>", file: true },
      },
    },
    maxBody: RFP_FIRMWARE_MAX_BYTES,
    response: S.Object({ file: FileSchema }),
    run: async ({ device: d }, a) => ({ file: await d.rfpUpdate().upload(a.file, a.name) }),
    ctl: {
      text: said<{ file: { name: string; version: string } }>(
        (a) => `RFP file ${a.file.name} (version ${a.file.version}) uploaded: start the update to load it`,
      ),
    },
  }),
  command({
    name: "rfp-update-start",
    summary:
      "Update → RFPs Start (§4.18.4): the RFPs of the `select` mask, now or at `schedule`, in sequence, when idle",
    need: "system-admin",
    method: "POST",
    path: "/api/rfp-update/start",
    params: {
      select: {
        // Absent is "": refused (400) as no hex mask.
        ...inQuery("", rfpSelect),
        description: "the RFPs as A.1.7's hex mask, port 1 at the LSB: 0x2753 is RFPs 1,2,5,7,9,10,11,14",
        ctl: { option: "select", value: "<0x2753>" },
      },
      schedule: {
        ...optional(inQuery(undefined, rfpSchedule)),
        description: "DD.MM.YYYY-HH:MM, the device's local time; absent: Immediate",
        ctl: { option: "schedule", value: "<DD.MM.YYYY-HH:MM>" },
      },
      sequence: {
        ...inQuery("false", trueOrFalse),
        description: "In sequence: one RFP at a time",
        ctl: { flag: "sequence" },
      },
      idle: {
        ...inQuery("false", trueOrFalse),
        description: "When idle: an RFP is loaded only while it carries no call",
        ctl: { flag: "idle" },
      },
    },
    status: 202,
    response: RfpUpdateSchema,
    run: async ({ device: d }, a) => {
      const rfp = d.rfpUpdate();
      await rfp.startMarked({
        ports: a.select,
        ...(a.schedule === undefined ? {} : { at: a.schedule }),
        idle: a.idle,
        sequence: a.sequence,
      });
      return rfp.status();
    },
    ctl: { text: shown(rfpUpdateText) },
  }),
];
