import { createHash } from "node:crypto";
import { splitLines, tokenize, quoteValue } from "../core/config/nativeTokens.js";
import { DecodeError, StateError } from "../core/errors.js";
import { AuthCode } from "./errors.js";
import { hashPassword } from "./passwordHash.js";

/**
 * The admin account a configuration backup was saved under (§4.14, §4.18.1): "Configuration files are compatible
 * only if they are applied to devices that have the same admin username and password", and a restore whose admin
 * username and password do not match the device's shows an error. The file says which account with one line,
 *
 * ```
 * config change BACKUP0 /admin <name> /check <64 hex digits>
 * ```
 *
 * `check` is scrypt of the password with a salt made from the name (the same cost as the stored hash, passwordHash.ts),
 * not the password and not the device's own salted hash: two devices given the same name and password at different
 * times hold different hashes, yet their backups must fit both. The device keeps its account's check beside the hash
 * (SystemAdmin), since it never keeps the password; so the restore compares two checks. Like every hash it can be
 * guessed at offline, and the file also holds the users' Passwords (App. C): keep backups as safe as the device
 * (docs/design.md "Backup, restore and uploads").
 */
export interface BackupAdmin {
  readonly user: string;
  readonly check: string;
}

const MODULE = /^\s*config\s+change\s+BACKUP0(?:\s|$)/i;
const CHECK = /^[0-9a-f]{64}$/;

/** The check of an admin name and password (deterministic: the salt is the name's). */
export function adminCheck(user: string, password: string): string {
  const salt = createHash("sha256").update("ipdect backup admin\0").update(user).digest().subarray(0, 16);
  return Buffer.from(hashPassword(password, salt).split("$")[5]!, "base64").toString("hex");
}

/** The backup's first line. */
export function backupAdminLine(a: BackupAdmin): string {
  return `config change BACKUP0 /admin ${quoteValue(a.user)} /check ${a.check}\n`;
}

/**
 * A restored file's admin line and the configuration without it; the line is blanked, not removed, so the native text
 * reader's errors count the lines of the file as uploaded. A file without the line, with two, or with one that does
 * not parse is `AUTH_BACKUP_FILE`, naming the source and line.
 */
export function splitBackup(text: string, source: string): { admin: BackupAdmin; config: string } {
  const lines = splitLines(text);
  let admin: BackupAdmin | undefined;
  lines.forEach((line, i) => {
    if (!MODULE.test(line)) return;
    const at = `${source}:${i + 1}`;
    if (admin !== undefined) throw new DecodeError(AuthCode.BackupFile, `${at}: a second BACKUP0 line`);
    admin = adminOf(tokenize(line).slice(3), at);
    lines[i] = "";
  });
  if (admin === undefined)
    throw new DecodeError(
      AuthCode.BackupFile,
      `${source}: not a backup: no line \`config change BACKUP0 /admin <name> /check <hex>\` (§4.14)`,
    );
  return { admin, config: lines.join("\n") };
}

function adminOf(tokens: ReturnType<typeof tokenize>, at: string): BackupAdmin {
  const words = tokens.map((t) => (t.unterminated ? "\0" : t.isOption ? t.text.toLowerCase() : t.text));
  const [o1, user, o2, check, ...rest] = words;
  if (o1 !== "/admin" || o2 !== "/check" || user === undefined || check === undefined || rest.length > 0)
    throw new DecodeError(AuthCode.BackupFile, `${at}: BACKUP0 takes /admin <name> /check <hex> and nothing else`);
  if (user.includes("\0") || user === "") throw new DecodeError(AuthCode.BackupFile, `${at}: /admin: no name`);
  if (!CHECK.test(check)) throw new DecodeError(AuthCode.BackupFile, `${at}: /check: 64 hex digits`);
  return { user, check };
}

/**
 * §4.18.1: "The admin username and password used for the saved configuration must match the current admin username
 * and password of the device. If they do not match, an error message is displayed." `device` undefined: an account
 * stored before backups carried a check (its password must be set again once).
 */
export function checkBackupAdmin(file: BackupAdmin, device: BackupAdmin | undefined): void {
  if (device === undefined)
    throw new StateError(
      AuthCode.BackupAdmin,
      "this device's admin account was stored without a backup check: set its password again (§3.4.5.2)",
    );
  if (file.user !== device.user || file.check !== device.check)
    throw new StateError(
      AuthCode.BackupAdmin,
      `the file was saved under admin ${JSON.stringify(file.user)} with another password or name than this device's (§4.18.1): change the device's admin name and password to the file's, then restore`,
    );
}
