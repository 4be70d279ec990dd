import { backupAdminLine, checkBackupAdmin, splitBackup, type BackupAdmin } from "../../auth/backupAdmin.js";
import { STANDARD_BACKUP } from "../../auth/SystemAdmin.js";
import { formatNativeText, parseNativeText } from "../../config/nativeText.js";
import { StateError } from "../../core/errors.js";
import { AuthCode } from "../../auth/errors.js";
import { IMAGE_MAX_BYTES } from "../../update/image.js";
import { checkBootFile } from "../../device/updateService.js";
import { command, type Command } from "../command.js";
import { fields, said } from "../ctlText.js";
import { body, bytes, inQuery, trueOrFalse } from "../params.js";
import { OneOf, Result, S } from "../schema.js";

/** What one bank holds (update/FirmwareBanks.ts BankInfo). */
const BankSchema = S.Object({
  bank: OneOf(["A", "B"]),
  version: S.String({ description: "what the Info page's Version line shows (§4.11.1)" }),
  serial: S.String({ description: "the build serial (App. A.1.4)" }),
  product: S.String({ description: "IPBS2, IPBL or IPVM (App. A.1.3)" }),
});

/** An uploaded image file: the whole body, bytes; ctl reads the file. */
const image = (what: string) => ({
  ...bytes((b) => b),
  description: `the ${what} file, an image of \`ipdect image build\` (docs/design.md "Firmware images and banks")`,
  ctl: { positional: "<image.bin>", file: true as const },
});

/** Where an upload's errors and events say it came from. */
const UPLOAD = "uploaded file";

/** The backup's admin line: the device's account, or the factory one for "download with standard password". */
function savedUnder(account: BackupAdmin | undefined, standard: boolean): BackupAdmin {
  if (standard) return STANDARD_BACKUP();
  if (account === undefined)
    throw new StateError(
      AuthCode.BackupAdmin,
      "this device's admin account was stored without a backup check: set its password again (§3.4.5.2), or download with standard password",
    );
  return account;
}

/**
 * Backup (§4.14) and Update → Config, Firmware and Boot (§4.18.1–§4.18.3). A backup holds every secret of the
 * configuration (App. C's Passwords and Auth. Codes), so it is the System Administrator's, as are the uploads that
 * change what the device runs after its next reset (§3.4.2: "write access to all device parameter settings").
 */
export const BACKUP_COMMANDS: readonly Command[] = [
  command({
    name: "backup",
    summary: "the configuration backup as native text, under the admin account or the standard one (§4.14)",
    need: "system-admin",
    method: "GET",
    path: "/api/backup",
    params: {
      standard: {
        ...inQuery("false", trueOrFalse),
        description: "true: saved with the default admin username and password, admin/changeme (§4.14, §3.2.2)",
        ctl: { flag: "standard" },
      },
    },
    contentType: "text/plain; charset=utf-8",
    response: S.String({
      description: "the BACKUP0 admin line, then the running configuration with its users (App. C)",
    }),
    run: ({ device: d }, a) =>
      backupAdminLine(savedUnder(d.admin().account.backup, a.standard)) + formatNativeText(d.backupConfig()),
    ctl: { out: { file: "<backup.txt>" } },
  }),
  command({
    name: "restore",
    summary:
      "upload a backup: stored when its admin name and password are the device's, in force after reset (§4.18.1)",
    need: "system-admin",
    method: "PUT",
    path: "/api/backup",
    params: {
      text: {
        ...body(),
        description: "a backup as `ipdect ctl backup` or the Backup page saves it (§4.14), its BACKUP0 line first",
        ctl: { positional: "<backup.txt>", file: true },
      },
    },
    status: 202,
    response: Result("stored", { pendingReset: S.Boolean() }),
    run: async ({ device: d }, a) => {
      const { admin, config } = splitBackup(a.text, "request body");
      checkBackupAdmin(admin, d.admin().account.backup);
      await d.configure(parseNativeText(config, "request body"));
      return { result: "stored", pendingReset: true };
    },
    ctl: { text: said(() => "backup restored: in force after the next reset (§4.18.1, §4.24)") },
  }),
  command({
    name: "firmware",
    summary: "the firmware banks: what runs, what the other bank holds, which runs after the next reset (§4.15)",
    need: "auditor",
    method: "GET",
    path: "/api/firmware",
    params: {},
    response: S.Object({
      running: BankSchema,
      other: S.Optional(BankSchema),
      next: S.Optional(OneOf(["A", "B"], "the bank written to run after the next reset")),
    }),
    run: ({ device: d }) => d.firmwareBanks(),
    ctl: {
      text: fields<{ running: BankInfoView; other?: BankInfoView; next?: string }>((b) => [
        ["Running", bankText(b.running)],
        ["Other bank", b.other === undefined ? "empty" : bankText(b.other)],
        ["After the next reset", b.next === undefined ? "the running bank" : `bank ${b.next}`],
      ]),
    },
  }),
  command({
    name: "firmware-upload",
    summary: "upload a firmware image to the bank that does not run, in force after reset (§4.18.2)",
    need: "system-admin",
    method: "PUT",
    path: "/api/firmware",
    params: { image: image("firmware") },
    maxBody: IMAGE_MAX_BYTES,
    status: 202,
    response: S.Object({ written: BankSchema, note: S.String() }),
    run: async ({ device: d }, a) => ({
      written: await d.flashFirmware(a.image, UPLOAD),
      note: "runs after the next reset (§4.18.2, §4.24)",
    }),
    ctl: {
      text: said<{ written: BankInfoView }>(
        (a) => `firmware ${bankText(a.written)} written: runs after the next reset (§4.18.2)`,
      ),
    },
  }),
  command({
    name: "boot-upload",
    summary: "check a boot file: this software has no boot loader, so nothing is written (§4.18.3)",
    need: "system-admin",
    method: "PUT",
    path: "/api/firmware/boot",
    params: { image: image("boot") },
    maxBody: IMAGE_MAX_BYTES,
    response: S.Object({
      result: OneOf(["checked"]),
      version: S.String(),
      serial: S.String(),
      product: S.String(),
      note: S.String(),
    }),
    run: ({ device: d }, a) => {
      const h = checkBootFile(d.config.kind, a.image, UPLOAD);
      return {
        result: "checked",
        version: h.version,
        serial: h.serial,
        product: h.product,
        note: "a valid boot file; nothing written: ipdect has no boot loader, the firmware bank holds all it runs",
      };
    },
    ctl: {
      text: said<{ version: string; serial: string; note: string }>(
        (a) => `boot file ${a.version} (${a.serial}): ${a.note}`,
      ),
    },
  }),
];

interface BankInfoView {
  readonly bank: string;
  readonly version: string;
  readonly serial: string;
}

const bankText = (b: BankInfoView): string => `${b.version} (serial ${b.serial}, bank ${b.bank})`;
