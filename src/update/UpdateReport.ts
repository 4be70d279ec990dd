import { IpdectError } from "../core/errors.js";
import type { RoleIo } from "../role/RoleIo.js";
import { urlForLog, type UpdateUrl } from "./updateUrl.js";

/** §6.2's update server codes (core/alarms/catalog.ts). */
export const ALARM = {
  script: 0x00210001,
  boot: 0x00210002,
  firmware: 0x00210003,
  getConfig: 0x00210004,
  putConfig: 0x00210006,
} as const;

/** Thrown inside a run to stop it: the rest of the command file is not processed (already said in an event). */
export class Stop extends Error {}
/** `times` cancelled the run: the device did not take the file, so a fresh device stays fresh. */
export class NotNow extends Stop {}

/** How the update client says what a poll did (App. A.1): `update` events, and §6.2's alarms for failed transfers. */
export class UpdateReport {
  readonly #io: RoleIo;

  constructor(io: RoleIo) {
    this.#io = io;
  }

  /** A failed download or upload: its §6.2 alarm, an event, and the rest of the file is not processed. */
  failed(alarm: number, action: string, err: unknown, url?: UpdateUrl, line?: number): never {
    this.raise(alarm, action, err, url, line);
    throw new Stop();
  }

  raise(alarm: number, action: string, err: unknown, url?: UpdateUrl, line?: number): void {
    const reason = reasonOf(err);
    const where = url === undefined ? undefined : urlForLog(url);
    // The errors of downloads and of the file's lines name the URL already (without its password).
    this.#io.alarms.raise(alarm, undefined, reason);
    this.emit({ action, result: "failed", line, url: where, reason });
  }

  emit(fields: Parameters<RoleIo["emit"]>[1] & { action: string }): void {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.#io.emit("update", defined as { action: string; result: string });
  }
}

export function reasonOf(err: unknown): string {
  return err instanceof IpdectError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}
