import type { Actor } from "xstate";
import type { Logger } from "../core/Logger.js";
import { StateError } from "../core/errors.js";
import { RadioCode } from "../radio/errors.js";
import type { RfpPorts } from "../radio/IpblPorts.js";
import { RfpUpdateCore, type RfpUpdateCommand } from "../radio/RfpUpdateCore.js";
import type { RfpFirmware } from "../radio/rfpFirmware.js";
import type { LocalTime } from "../radio/rfpUpdateFlash.js";
import { rfpUpdateMachine } from "../radio/rfpUpdate.machine.js";
import { rfpUpdateStatus, type RfpUpdateStatus } from "../radio/rfpUpdateStatus.js";
import { sendToChart } from "../role/chartLane.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { UpdateFetcher } from "../update/UpdateHost.js";
import type { UpdateCommand } from "../update/updateCommand.js";
import { startRoleActor } from "./roleActor.js";

/** The IPBL's RFP update (App. A.1.7, §4.18.4): its core and chart. */
export class RunningRfpUpdate {
  private constructor(
    readonly core: RfpUpdateCore,
    readonly actor: Actor<typeof rfpUpdateMachine>,
  ) {}

  /** An IPBL's, over its RFP ports; other devices have none. */
  static async start(
    ports: RfpPorts | undefined,
    fetcher: UpdateFetcher | undefined,
    io: RoleIo,
    log: Logger,
  ): Promise<RunningRfpUpdate | undefined> {
    if (io.kind !== "IPBL" || ports === undefined) return undefined;
    const core = await RfpUpdateCore.start({ io, ports, fetcher });
    return new RunningRfpUpdate(core, startRoleActor(rfpUpdateMachine, { core }, io.clock, log, "rfp-update"));
  }

  /** RFP_UPDATE0 lines, whole or not at all (RfpUpdateCore.apply); a started order goes to the chart. */
  async apply(commands: readonly RfpUpdateCommand[], source: string): Promise<void> {
    if ((await this.core.apply(commands, source)) !== undefined) sendToChart(this.actor, { type: "start" });
  }

  /** The RFP_UPDATE0 lines among `commands`, checked as `apply` would (RfpUpdateCore.check); throws when refused. */
  check(commands: readonly UpdateCommand[], source: string): void {
    const lines = commands.filter((c): c is RfpUpdateCommand => c.module === "RFP_UPDATE0");
    if (lines.length > 0) this.core.check(lines, source);
  }

  /**
   * Update → RFPs "Click Start" (§4.18.4): the marked RFPs, Immediate or Scheduled, In sequence, When idle; as the
   * lines `select`, `schedule` and `start` of App. A.1.7, with the firmware last given (the upload, or a URL).
   */
  startMarked(o: { ports: readonly number[]; at?: LocalTime; idle: boolean; sequence: boolean }): Promise<void> {
    const line = 0;
    return this.apply(
      [
        { line, module: "RFP_UPDATE0", cmd: "select", ports: o.ports },
        { line, module: "RFP_UPDATE0", cmd: "schedule", ...(o.at === undefined ? {} : { at: o.at }) },
        { line, module: "RFP_UPDATE0", cmd: "start", idle: o.idle, sequence: o.sequence },
      ],
      "Update → RFPs",
    );
  }

  upload(bytes: Uint8Array, name: string): Promise<RfpFirmware> {
    return this.core.upload(bytes, name);
  }

  status(): RfpUpdateStatus {
    // The chart's states are flat: idle, scheduled, running (`looking` is passed through at once).
    return rfpUpdateStatus(this.core, String(this.actor.getSnapshot().value));
  }

  stop(): void {
    this.actor.stop();
  }
}

/** RFP_UPDATE_NONE: the device has no RFP ports. */
export function noRfps(name: string): StateError {
  return new StateError(RadioCode.RfpUpdateNone, `${name} is no IPBL: it has no RFP ports (App. A.1.7, §4.18.4)`);
}
